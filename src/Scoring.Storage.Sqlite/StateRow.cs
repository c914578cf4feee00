using System.Buffers;
using Orleans.Runtime;

namespace Scoring.Storage.Sqlite;

/// <summary>
/// The key and payload of one <c>grain_state</c> row as SQLite binds them: the grain id's UTF-8 text (the bytes of
/// <see cref="GrainId.ToString"/>, made from the id's own UTF-8 type and key without a string) and the state's stored
/// bytes, together in one array rented from a pool. The writer's thread binds them while the grain awaits its write;
/// <see cref="Dispose"/> gives the array back once the write has finished, whatever its outcome.
/// </summary>
public readonly struct StateRow : IDisposable
{
    /// <summary>
    /// A pool of its own: a node has a few hundred writes waiting for one commit at a time, far more than the shared
    /// pool keeps per size, which would then allocate (and drop) arrays as before.
    /// </summary>
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(maxArrayLength: 1024 * 1024, maxArraysPerBucket: 512);

    private readonly byte[] _buffer;
    private readonly int _idLength;
    private readonly int _payloadLength;

    private StateRow(byte[] buffer, int idLength, int payloadLength) => (_buffer, _idLength, _payloadLength) = (buffer, idLength, payloadLength);

    public ReadOnlySpan<byte> GrainId => _buffer.AsSpan(0, _idLength);

    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(_idLength, _payloadLength);

    public static StateRow Of(GrainId grainId, ReadOnlySpan<byte> payload)
    {
        var type = grainId.Type.AsSpan();
        var key = grainId.Key.AsSpan();
        var idLength = type.Length + 1 + key.Length;
        var buffer = Buffers.Rent(idLength + payload.Length);
        type.CopyTo(buffer);
        buffer[type.Length] = (byte)'/';
        key.CopyTo(buffer.AsSpan(type.Length + 1));
        payload.CopyTo(buffer.AsSpan(idLength));
        return new StateRow(buffer, idLength, payload.Length);
    }

    public void Dispose() => Buffers.Return(_buffer);
}
