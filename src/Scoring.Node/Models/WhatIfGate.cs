using System.Diagnostics;

namespace Scoring.Node.Models;

/// <summary>
/// Where a replay waits between inputs while its node asks it to (<see cref="WhatIfYield"/>: the live feed is slow).
/// Closed, the replay holds; open, it goes on. It counts the time the replay has held, the hold in progress included.
/// </summary>
public sealed class WhatIfGate
{
    private TaskCompletionSource? _closed;
    private readonly Lock _holds = new();
    private TimeSpan _held;
    private long? _holdingSince;

    public TimeSpan Held
    {
        get
        {
            lock (_holds) return _held + (_holdingSince is { } since ? Stopwatch.GetElapsedTime(since) : TimeSpan.Zero);
        }
    }

    public void Close() => Interlocked.CompareExchange(ref _closed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);

    public void Open() => Interlocked.Exchange(ref _closed, null)?.TrySetResult();

    /// <summary>At once while open; while closed, once it opens again.</summary>
    public ValueTask PassAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _closed) is { } closed ? HoldAsync(closed, cancellationToken) : ValueTask.CompletedTask;

    private async ValueTask HoldAsync(TaskCompletionSource closed, CancellationToken cancellationToken)
    {
        var since = Stopwatch.GetTimestamp();
        lock (_holds) _holdingSince = since;
        try
        {
            await closed.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_holds) (_held, _holdingSince) = (_held + Stopwatch.GetElapsedTime(since), null);
        }
    }
}
