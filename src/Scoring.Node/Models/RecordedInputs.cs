using Orleans.Serialization;
using Scoring.Grains.Messages;
using Scoring.Grains.Replay;
using Scoring.Streams.Log;

namespace Scoring.Node.Models;

/// <summary>
/// The inputs the log holds (tracking calls and commands), read partition by partition and merged into one history
/// by time. A grain's inputs all lie in one partition, in their order, and each partition is read in order, so every
/// grain gets its inputs in the order it had them live. Repeats a log kept (one that does not drop them at append) are
/// dropped by their dedup key, as the live stream does. A partition is read only until it holds an input accepted
/// <see cref="AppendedWithin"/> after the window's end: what follows it was appended later still, so it holds nothing
/// of the window, however long the log has grown since. Each page is read only once <paramref name="gate"/> lets the
/// replay go on: reading past the window's end yields no input (nothing to hold between) and can take as long as the
/// hour of traffic it reads, so the hold for the live feed must reach it too.
/// </summary>
public sealed class RecordedInputs(IPartitionedLog log, Serializer serializer, WhatIfGate? gate = null)
{
    private const int Page = 2000;

    /// <summary>
    /// How long after its acceptance an input is in the log at the latest. Its time is the node's clock when the request
    /// was accepted, and the request answers only once the append is durable (seconds; a RabbitMQ confirm times out
    /// after 10 s); an hour is far beyond that, and beyond any clock difference between the nodes of a cluster.
    /// </summary>
    public static readonly TimeSpan AppendedWithin = TimeSpan.FromHours(1);

    /// <summary>How long a partition may deliver nothing before its end before the replay gives up on the log.</summary>
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(30);

    /// <summary>A log that delivers as it fetches (RabbitMQ's consumers) may have nothing yet: it is asked again after this.</summary>
    private static readonly TimeSpan Refetch = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Every input received before <paramref name="until"/> in each partition's records before <paramref name="ends"/>,
    /// oldest first; <paramref name="recordsRead"/> counts records as they are read.
    /// </summary>
    public async IAsyncEnumerable<ReplayInput> ReadAsync(long[] ends, DateTimeOffset until, Action<int> recordsRead,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (ends.Length != log.Partitions) throw new InvalidOperationException($"the log has {log.Partitions} partitions, the replay was given {ends.Length} ends");
        var cursors = Enumerable.Range(0, log.Partitions).Select(p => new PartitionCursor(p, ends[p])).ToArray();
        var heads = new PriorityQueue<PartitionCursor, (DateTimeOffset At, int Partition)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cursor in cursors)
        {
            if (await NextAsync(cursor, until, seen, recordsRead, cancellationToken)) heads.Enqueue(cursor, (cursor.Head!.At, cursor.Partition));
        }
        while (heads.TryDequeue(out var cursor, out _))
        {
            yield return cursor.Head!;
            if (await NextAsync(cursor, until, seen, recordsRead, cancellationToken)) heads.Enqueue(cursor, (cursor.Head!.At, cursor.Partition));
        }
    }

    /// <summary>Moves the cursor to its partition's next input before <paramref name="until"/>; false at the partition's end.</summary>
    private async Task<bool> NextAsync(PartitionCursor cursor, DateTimeOffset until, HashSet<string> seen, Action<int> recordsRead, CancellationToken cancellationToken)
    {
        System.Diagnostics.Stopwatch? waiting = null;
        while (true)
        {
            if (cursor.Buffered.TryDequeue(out var input))
            {
                cursor.Head = input;
                return true;
            }
            if (cursor.PastTheWindow || cursor.Offset >= cursor.End) return false;
            if (gate is not null) await gate.PassAsync(cancellationToken);
            var records = await log.ReadAsync(cursor.Partition, cursor.Offset, (int)Math.Min(Page, cursor.End - cursor.Offset), cancellationToken);
            if (records.Count == 0)
            {
                waiting ??= System.Diagnostics.Stopwatch.StartNew(); // since this wait began, not since the cursor was made
                if (waiting.Elapsed > Stalled)
                    throw new LogUnavailableException($"partition {cursor.Partition} delivered nothing from offset {cursor.Offset} (before its end, {cursor.End}) for {Stalled.TotalSeconds} s");
                await Task.Delay(Refetch, cancellationToken);
                continue;
            }
            var read = 0;
            foreach (var record in records)
            {
                cursor.Offset = record.Offset + 1;
                read++;
                foreach (var entry in RecordCodec.Decode(record.Body))
                {
                    if (serializer.Deserialize<object>(entry.Payload) is not GrainMessage message || ReplayInput.From(entry.Stream, message) is not { } found) continue;
                    if (log.DeduplicatesAppends || entry.DedupKey is not { } key || seen.Add(key))
                    {
                        if (found.At < until) cursor.Buffered.Enqueue(found);
                    }
                    // The rest of this record came in the same append; the records after it, later.
                    if (found.At >= until + AppendedWithin) cursor.PastTheWindow = true;
                }
                if (cursor.PastTheWindow) break;
            }
            recordsRead(read);
        }
    }

    private sealed class PartitionCursor(int partition, long end)
    {
        public int Partition { get; } = partition;
        public long End { get; } = end;
        public long Offset { get; set; }
        public ReplayInput? Head { get; set; }

        /// <summary>An input accepted <see cref="AppendedWithin"/> after the window's end was read: nothing after it belongs to the window.</summary>
        public bool PastTheWindow { get; set; }

        public Queue<ReplayInput> Buffered { get; } = new();
    }
}
