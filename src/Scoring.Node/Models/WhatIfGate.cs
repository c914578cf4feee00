using System.Diagnostics;

namespace Scoring.Node.Models;

/// <summary>
/// Where a replay waits between inputs while its node asks it to (<see cref="WhatIfYield"/>: the live feed is slow).
/// Closed, the replay holds; open, it goes on, at a share of the time: at a share below one it runs in slices of about
/// <see cref="Slice"/> and rests after each for as long as the share leaves to the node. It counts the time the replay
/// has held, the hold in progress included.
/// </summary>
public sealed class WhatIfGate(TimeProvider clock)
{
    /// <summary>How long the replay runs between two rests while it goes on at a share below one.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(10);

    /// <summary>The smallest share a replay goes on at: rests of 70 ms after each slice.</summary>
    public const double LeastShare = 0.125;

    private TaskCompletionSource? _closed;
    private readonly Lock _holds = new();
    private TimeSpan _held;
    private long? _holdingSince;
    private double _share = 1;
    private DateTimeOffset _sliceStarted = clock.GetUtcNow();

    public WhatIfGate() : this(TimeProvider.System)
    {
    }

    public TimeSpan Held
    {
        get
        {
            lock (_holds) return _held + (_holdingSince is { } since ? Stopwatch.GetElapsedTime(since) : TimeSpan.Zero);
        }
    }

    public void Close() => Interlocked.CompareExchange(ref _closed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);

    /// <summary>Goes on at <paramref name="share"/> of the time (from <see cref="LeastShare"/> to one).</summary>
    public void Open(double share = 1)
    {
        Volatile.Write(ref _share, Math.Clamp(share, LeastShare, 1));
        Interlocked.Exchange(ref _closed, null)?.TrySetResult();
    }

    /// <summary>At once while open and within its slice; after a rest when the slice is over; while closed, once it opens again.</summary>
    public ValueTask PassAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _closed) is { } closed ? HoldAsync(closed, cancellationToken)
        : RestDue() is var rest && rest > TimeSpan.Zero ? RestAsync(rest, cancellationToken)
        : ValueTask.CompletedTask;

    /// <summary>
    /// How long to rest now: nothing within a slice or at the full share; after a slice, its length in the proportion the
    /// share leaves to the node (a slice that ran long, an input that took long, rests longer). One caller at a time: the
    /// replay's own loop.
    /// </summary>
    internal TimeSpan RestDue()
    {
        var share = Volatile.Read(ref _share);
        var now = clock.GetUtcNow();
        var ran = now - _sliceStarted;
        if (share >= 1 || ran < Slice)
        {
            if (share >= 1) _sliceStarted = now;
            return TimeSpan.Zero;
        }
        var rest = ran * ((1 - share) / share);
        _sliceStarted = now + rest;
        return rest;
    }

    private async ValueTask RestAsync(TimeSpan rest, CancellationToken cancellationToken)
    {
        // A rest is the pacing itself, not a wait for something to happen: the node's threads get the cores, and their
        // caches, to themselves for it.
        await Task.Delay(rest, clock, cancellationToken);
        _sliceStarted = clock.GetUtcNow();
    }

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
        _sliceStarted = clock.GetUtcNow(); // a slice starts when the replay goes on
    }
}
