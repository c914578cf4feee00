using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Scoring.Node.Hosting;

/// <summary>
/// Deactivates grains of the given classes once they have been idle for their age, a bounded number per tick
/// (docs/decisions.md, 76). Orleans' own collector files each activation under the quantum in which its age runs out
/// counted from its activation, and at that quantum deactivates it only if it has been idle for the whole age since its
/// last request; otherwise it files it a whole age later. With its once-a-minute quantum that is every grain due in a
/// minute at once (36,000-45,000 grains, 1.1-2.6 s in which the feed waited); with a shorter quantum most grains get a
/// second age. This one learns of each idle grain from Orleans' working set (which notices a grain idle for 10-15 s),
/// deactivates it when its age is up counted from its last use, and never more than <c>perSecond</c> a second, so a
/// minute's traffic leaves memory as evenly as it came. Orleans' collector stays behind it as a backstop, with a longer
/// age (<see cref="PacedIdleCollectionHosting.OrleansBackstop"/>).
/// </summary>
public sealed partial class PacedIdleCollection : IActivationWorkingSetObserver, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>How long Orleans' working set waits before it calls a grain idle: the shortest age this can keep.</summary>
    public static readonly TimeSpan NoticedAfter = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ShortestWait = TimeSpan.FromSeconds(5); // past the working set's next look
    private static readonly TimeSpan DeactivationPatience = TimeSpan.FromSeconds(30);
    private static readonly DeactivationReason Idle = new(DeactivationReasonCode.ActivationIdle, "idle for its age (paced idle collection)");

    private readonly HashSet<Type> _classes;
    private readonly TimeSpan _waitAfterNoticed;
    private readonly double _perTick;
    private double _allowance; // a tick's share is fractional at low rates: what a tick did not use carries to the next
    private readonly TimeProvider _clock = TimeProvider.System; // Orleans' working set counts idleness in real time too
    private readonly ILogger<PacedIdleCollection> _logger;
    // The stamp tells a grain's current idle spell from an earlier one still queued: a grain used and idle again is
    // queued again, and only the entry carrying its latest stamp may deactivate it. An entry whose spell ended leaves
    // the queue when its time comes, so the queue holds at most an idle age's worth of entries.
    private readonly ConcurrentDictionary<IGrainContext, long> _idleSince = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentQueue<(IGrainContext Grain, long Since)> _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public PacedIdleCollection(IReadOnlyCollection<Type> grainClasses, TimeSpan age, int perSecond, ILogger<PacedIdleCollection> logger)
    {
        _classes = [.. grainClasses];
        _waitAfterNoticed = age - NoticedAfter > ShortestWait ? age - NoticedAfter : ShortestWait;
        _perTick = perSecond * Tick.TotalSeconds;
        _logger = logger;
    }

    void IActivationWorkingSetObserver.OnIdle(IActivationWorkingSetMember member)
    {
        if (member is not IGrainContext { GrainInstance: { } instance } grain || !_classes.Contains(instance.GetType())) return;
        var since = _clock.GetTimestamp();
        _idleSince[grain] = since;
        _queue.Enqueue((grain, since));
    }

    void IActivationWorkingSetObserver.OnActive(IActivationWorkingSetMember member) => Forget(member);

    void IActivationWorkingSetObserver.OnDeactivating(IActivationWorkingSetMember member) => Forget(member);

    void IActivationWorkingSetObserver.OnDeactivated(IActivationWorkingSetMember member) => Forget(member);

    private void Forget(IActivationWorkingSetMember member)
    {
        if (member is IGrainContext grain) _idleSince.TryRemove(grain, out _);
    }

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PacedIdleCollection), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is { } loop) await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Tick, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                var due = TakeDue();
                if (due.Count == 0) continue;
                var started = Stopwatch.GetTimestamp();
                await DeactivateAsync(due);
                // The queue's length, not the map's: counting a ConcurrentDictionary takes all its locks, every tick.
                LogDeactivated(due.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds, _queue.Count);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>The grains whose age is up, oldest first, at most one tick's share; entries of a spell that ended are dropped.</summary>
    private List<IGrainContext> TakeDue()
    {
        var now = _clock.GetTimestamp();
        var due = new List<IGrainContext>();
        _allowance = Math.Min(_allowance + _perTick, _perTick + 1);
        while (due.Count + 1 <= _allowance && _queue.TryPeek(out var head) && _clock.GetElapsedTime(head.Since, now) >= _waitAfterNoticed)
        {
            _queue.TryDequeue(out _); // this loop is the queue's only reader: the head is still the one peeked
            if (_idleSince.TryRemove(KeyValuePair.Create(head.Grain, head.Since))) due.Add(head.Grain);
        }
        _allowance -= due.Count;
        return due;
    }

    /// <summary>
    /// Orleans' own way to deactivate (what its collector calls), awaited so that no more than a tick's share is ever in
    /// flight. A request that reached a grain in the instant before completes first; anything after it goes to a new
    /// activation, as with any deactivation.
    /// </summary>
    private async Task DeactivateAsync(List<IGrainContext> due)
    {
        var deactivated = new Task[due.Count];
        for (var i = 0; i < due.Count; i++)
        {
            due[i].Deactivate(Idle);
            deactivated[i] = due[i].Deactivated;
        }
        try
        {
            await Task.WhenAll(deactivated).WaitAsync(DeactivationPatience, _stopping.Token);
        }
        catch (TimeoutException)
        {
            LogSlowDeactivations(due.Count, DeactivationPatience.TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeactivationFailed(e); // Orleans logs each grain's failure itself; collection goes on
        }
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivated {Count} idle grains in {Milliseconds:F1} ms; {Queued} queued")]
    private partial void LogDeactivated(int count, double milliseconds, int queued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} idle grains did not finish deactivating within {Seconds} s; collection goes on")]
    private partial void LogSlowDeactivations(int count, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An idle grain failed to deactivate; collection goes on")]
    private partial void LogDeactivationFailed(Exception exception);
}
