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
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, GrainJson.Lenient));

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(GrainJson.Lenient)!;
}
