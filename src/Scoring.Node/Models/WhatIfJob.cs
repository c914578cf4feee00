using System.Diagnostics;
using System.Text.Json;

namespace Scoring.Node.Models;

/// <summary>One what-if replay, running or done: its progress while it runs, its report once it is done.</summary>
public sealed class WhatIfJob(string id, DateTimeOffset from, DateTimeOffset to, string draftVersion)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile WhatIfProgressReport _progress = new(0, 0, 0, null, null);
    private volatile bool _yielding;

    public string Id { get; } = id;
    public DateTimeOffset From { get; } = from;
    public DateTimeOffset To { get; } = to;
    public string DraftVersion { get; } = draftVersion;
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary><c>running</c>, <c>done</c>, <c>cancelled</c> or <c>failed</c>.</summary>
    public string Status { get; private set; } = "running";

    public string? Error { get; private set; }
    public WhatIfResult? Result { get; private set; }

    /// <summary>The process replaying it (for operators: it shows in <c>top</c> under this id).</summary>
    public int? WorkerProcessId { get; private set; }

    public void WorkerStarted(int processId) => WorkerProcessId = processId;

    /// <summary>The worker's latest report: log records read, inputs replayed, seconds it held for the live feed, how far in time.</summary>
    public void Progressed(WhatIfProgressReport progress) => _progress = progress;

    /// <summary>Whether the worker is told to hold now, because the live feed is slow (<see cref="WhatIfYield"/>).</summary>
    public void Yielding(bool holding) => _yielding = holding;

    // An ended job's elapsed time is how long it ran: its clock stops with it.
    public void Finish(WhatIfResult result)
    {
        _clock.Stop();
        (Result, Status) = (result, "done");
    }

    public void Fail(string error)
    {
        _clock.Stop();
        (Error, Status) = (error, "failed");
    }

    public void Cancelled()
    {
        _clock.Stop();
        Status = "cancelled";
    }

    /// <summary>
    /// What <c>GET</c> on the job answers: percent of the history replayed (by time), inputs replayed, log records read,
    /// the time left at this pace, and whether the replay holds for the live feed now and how long it has held so far.
    /// </summary>
    public object Describe()
    {
        var progress = _progress;
        var fraction = progress.FractionOf(To);
        var elapsed = _clock.Elapsed.TotalSeconds;
        double? eta = Status != "running" ? 0 : fraction > 0 ? Math.Round(elapsed / fraction - elapsed, 1) : null;
        return new
        {
            id = Id,
            status = Status,
            from = From,
            to = To,
            draft = DraftVersion,
            percent = Status == "done" ? 100 : Math.Round(fraction * 100, 1),
            eventsReplayed = progress.Replayed,
            recordsRead = progress.Read,
            etaSeconds = eta,
            elapsedSeconds = Math.Round(elapsed, 1),
            workerProcessId = WorkerProcessId,
            yieldingToLive = _yielding,
            heldSeconds = progress.HeldSeconds,
            error = Error,
            result = Result,
        };
    }
}

/// <summary>The report, with whether the live version's replay gave exactly the MQLs raised live in the window.</summary>
public sealed record WhatIfResult(JsonElement Report, int RaisedLive, bool Reproduced, IReadOnlyList<string> NotReproduced);
