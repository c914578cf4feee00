using System.Globalization;
using Orleans.Runtime;
using Orleans.Storage;
using Scoring.Grains.Serialization;
using Scoring.Sqlite;

namespace Scoring.Storage.Sqlite;

/// <summary>
/// Orleans grain storage in the embedded SQLite file. Many grains' writes that arrive while a commit is on its way share
/// the next transaction and its one fsync (group commit): Orleans' ADO.NET provider, pointed at SQLite, managed about a
/// thousand writes a second here because each write is its own transaction. Writes are conditional on the ETag, as with
/// Orleans' own providers: a stale activation's write fails with <see cref="InconsistentStateException"/> and writes nothing.
/// A large state is kept compressed (<see cref="StatePayload"/>).
/// </summary>
public sealed class SqliteGrainStorage(SqliteDatabase database, GrainStateSerializer serializer, TimeProvider clock) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var reader = await database.ReadAsync(CancellationToken.None);
        await using var command = reader.Command("SELECT etag, payload FROM grain_state WHERE grain_id = $g AND state_name = $s");
        command.Parameters.AddWithValue("$g", grainId.ToString());
        command.Parameters.AddWithValue("$s", stateName);
        await using var row = await command.ExecuteReaderAsync();
        if (!await row.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = serializer.Deserialize<T>(new BinaryData(StatePayload.Decode((byte[])row[1])));
        grainState.ETag = row.GetInt64(0).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var row = StatePayload.Encode(serializer, grainId, grainState.State);
        var expected = grainState.ETag;
        long etag;
        try
        {
            etag = await database.Writer.RunAsync(w => Store(w, grainId, row, stateName, expected), CancellationToken.None);
        }
        catch (SqliteUnavailableException e)
        {
            throw Unavailable(e);
        }
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <summary>
    /// The row written on the writer's thread, through SQLite's own API (<see cref="RawStatement"/>): this runs for every
    /// event a grain takes (docs/decisions.md, 79). Its new ETag.
    /// </summary>
    private long Store(SqliteWriter w, GrainId grainId, StateRow row, string stateName, string? expected)
    {
        var writtenAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (expected is null)
        {
            var inserted = w.Raw("INSERT OR IGNORE INTO grain_state (grain_id, state_name, etag, payload, written_at) VALUES (?1, ?2, 1, ?3, ?4)")
                .Bind(1, row.GrainId).Bind(2, stateName).BindBlob(3, row.Payload).Bind(4, writtenAt).Execute();
            return inserted == 1 ? 1L : throw Conflict(grainId, null, "a state was written by another activation");
        }
        var next = w.Raw("UPDATE grain_state SET etag = etag + 1, payload = ?3, written_at = ?4 WHERE grain_id = ?1 AND state_name = ?2 AND etag = ?5 RETURNING etag")
            .Bind(1, row.GrainId).Bind(2, stateName).BindBlob(3, row.Payload).Bind(4, writtenAt)
            .Bind(5, long.Parse(expected, CultureInfo.InvariantCulture)).ExecuteInt64();
        return next ?? throw Conflict(grainId, expected, "the stored ETag moved on");
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var id = grainId.ToString();
        var expected = grainState.ETag;
        try
        {
            await database.Writer.RunAsync(w => Delete(w, grainId, id, stateName, expected), CancellationToken.None);
        }
        catch (SqliteUnavailableException e)
        {
            throw Unavailable(e);
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static long Delete(SqliteWriter w, GrainId grainId, string id, string stateName, string? expected)
    {
        var delete = w.Prepared("DELETE FROM grain_state WHERE grain_id = $g AND state_name = $s AND etag = $e");
        delete.Parameters["$g"].Value = id;
        delete.Parameters["$s"].Value = stateName;
        delete.Parameters["$e"].Value = expected is null ? -1L : long.Parse(expected, CultureInfo.InvariantCulture);
        if (expected is not null && delete.ExecuteNonQuery() == 0) throw Conflict(grainId, expected, "the stored ETag moved on");
        return 0L;
    }

    private static InconsistentStateException Conflict(GrainId grainId, string? expected, string why) =>
        new($"{grainId}: {why} (expected ETag {expected ?? "none"})", "unknown", expected ?? "none");

    private static OrleansException Unavailable(SqliteUnavailableException e) => new("grain storage is unavailable: " + e.Message, e);
}
