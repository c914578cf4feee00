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
        var payload = StatePayload.Encode(serializer, grainState.State);
        var id = grainId.ToString();
        var expected = grainState.ETag;
        var etag = await Write(w =>
        {
            if (expected is null)
            {
                var insert = w.Prepared("INSERT OR IGNORE INTO grain_state (grain_id, state_name, etag, payload, written_at) VALUES ($g, $s, 1, $b, $t)");
                Bind(insert.Parameters, id, stateName, payload);
                if (insert.ExecuteNonQuery() == 0) throw Conflict(grainId, null, "a state was written by another activation");
                return 1L;
            }
            var update = w.Prepared("UPDATE grain_state SET etag = etag + 1, payload = $b, written_at = $t WHERE grain_id = $g AND state_name = $s AND etag = $e RETURNING etag");
            Bind(update.Parameters, id, stateName, payload);
            update.Parameters["$e"].Value = long.Parse(expected, CultureInfo.InvariantCulture);
            return update.ExecuteScalar() is long next ? next : throw Conflict(grainId, expected, "the stored ETag moved on");
        });
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var id = grainId.ToString();
        var expected = grainState.ETag;
        await Write(w =>
        {
            var delete = w.Prepared("DELETE FROM grain_state WHERE grain_id = $g AND state_name = $s AND etag = $e");
            delete.Parameters["$g"].Value = id;
            delete.Parameters["$s"].Value = stateName;
            delete.Parameters["$e"].Value = expected is null ? -1L : long.Parse(expected, CultureInfo.InvariantCulture);
            if (expected is not null && delete.ExecuteNonQuery() == 0) throw Conflict(grainId, expected, "the stored ETag moved on");
            return 0L;
        });
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private void Bind(Microsoft.Data.Sqlite.SqliteParameterCollection parameters, string id, string stateName, byte[] payload)
    {
        parameters["$g"].Value = id;
        parameters["$s"].Value = stateName;
        parameters["$b"].Value = payload;
        parameters["$t"].Value = clock.GetUtcNow().ToUnixTimeMilliseconds();
    }

    private static InconsistentStateException Conflict(GrainId grainId, string? expected, string why) =>
        new($"{grainId}: {why} (expected ETag {expected ?? "none"})", "unknown", expected ?? "none");

    private async Task<long> Write(Func<SqliteWriter, long> work)
    {
        try
        {
            return await database.Writer.RunAsync(work, CancellationToken.None);
        }
        catch (SqliteUnavailableException e)
        {
            throw new OrleansException("grain storage is unavailable: " + e.Message, e);
        }
    }
}
