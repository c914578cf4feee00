using System.Buffers;
using System.Text.Json;
using Orleans.Storage;
using Scoring.Grains.Messages;

namespace Scoring.Grains.Serialization;

/// <summary>
/// Grain state as JSON with the grains' own contracts (<see cref="GrainJson"/>: source-generated, camelCase): readable
/// in the database by an operator, and the same bytes whichever storage provider keeps them (the embedded one
/// compresses large states as it stores them).
/// </summary>
public sealed class GrainStateSerializer : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions _options = GrainJson.Lenient;

    /// <summary>What <see cref="JsonSerializer.SerializeToUtf8Bytes{T}(T, JsonSerializerOptions)"/> writes with: the same bytes either way.</summary>
    private readonly JsonWriterOptions _writer = new()
    {
        Encoder = GrainJson.Lenient.Encoder, Indented = GrainJson.Lenient.WriteIndented, MaxDepth = GrainJson.Lenient.MaxDepth,
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, _options));

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(_options)!;

    /// <summary>
    /// Into a buffer the caller keeps between writes: the embedded storage writes a pod's 710 KB state this way without
    /// an array of that size each time (decision 73).
    /// </summary>
    public void Serialize<T>(T? input, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, _writer);
        JsonSerializer.Serialize(writer, input, _options);
    }
}
