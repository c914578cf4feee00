using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
using Scoring.Grains.Decisions;
using Scoring.Grains.Journal;
using Scoring.Grains.Messages;
using Scoring.Streams.Log;
using Scoring.Streams.Provider;

namespace Scoring.Grains.Hosting;

/// <summary>
/// The Orleans shell around a grain kind's decisions. It consumes the grain's own log stream (implicit subscription), and
/// for each delivery: skips what the stored state says was applied, lets the decider decide, performs the effects
/// (messages to other grains' streams, journal entries and alerts, all named so a repeat is dropped), then stores the
/// state with the applied position in one write, and only then returns, which lets the partition's offset move on
/// (invariants 2-4). Its durable timer: the wake-up time lives in the state; a reminder guarantees a wake-up after any
/// failover, a grain timer gives precision; either appends a tick to the grain's own stream (invariant 8).
/// </summary>
public abstract class LogConsumerGrain<TState> : Grain, IAsyncBatchObserver<GrainMessage>, IRemindable where TState : class, new()
{
    private const string WakeReminder = "wake";
    private readonly IPersistentState<Stored<TState>> _stored;
    private readonly ILogger _logger;
    private IDecider _decider = null!;
    private IGrainTimer? _timer;
    private DateTimeOffset? _timerDue;
    private IGrainReminder? _reminder;

    protected LogConsumerGrain(IPersistentState<Stored<TState>> stored, GrainServices services)
    {
        _stored = stored;
        Services = services;
        _logger = services.Loggers.CreateLogger(GetType());
    }

    protected GrainServices Services { get; }

    /// <summary>The stream namespace (grain kind) this grain consumes.</summary>
    protected abstract string Kind { get; }

    protected abstract TState Fresh(string key);

    protected abstract IDecider CreateDecider(TState state, string key);

    protected StreamAddress Self { get; private set; }

    /// <summary>The state as decided so far (possibly ahead of what is stored by one delivery in progress).</summary>
    protected TState State => _stored.State.State;

    /// <summary>
    /// Whether this grain has decided anything: stored, or applied in the delivery whose write is in flight. Reads
    /// interleave with deliveries and see the decided state; a brand-new lead must not read as absent while its first
    /// write is in flight, because its MQL alert can already be on a rep's screen (the pod grain raises it from a
    /// message the lead sent before that write). A grain nobody has sent anything to is not there.
    /// </summary>
    protected bool Exists => _stored.RecordExists || _stored.State.Applied != LogPosition.None;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        Self = new StreamAddress(Kind, key);
        if (!_stored.RecordExists) _stored.State = new Stored<TState> { State = Fresh(key) };
        _decider = CreateDecider(_stored.State.State, key);
        var stream = this.GetStreamProvider(Services.Options.StreamProvider).GetStream<GrainMessage>(StreamId.Create(Kind, key));
        await stream.SubscribeAsync(this);
        ArmTimer();
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task OnNextAsync(IList<SequentialItem<GrainMessage>> items)
    {
        var stored = _stored.State;
        var effects = new EffectsBuffer(Self);
        List<(LogPosition Position, GrainMessage Message, string Reason)>? failed = null;
        var applied = false;
        var woke = false;
        foreach (var item in items)
        {
            var position = LogBatchContainer.PositionOf(item.Token);
            if (position <= stored.Applied) continue; // applied before this replay: changes nothing
            effects.CausedBy(position);
            try
            {
                Decide(item.Item);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Decisions are deterministic: this input fails the same way on every replay. Retrying would stall the
                // grain's stream forever, so it is parked with its reason, and the grain goes on.
                _logger.LogError(e, "{Grain} could not apply {Message} at {Position}; parking it", Self, item.Item.GetType().Name, position);
                (failed ??= []).Add((position, item.Item, $"{Self}: {e.GetType().Name}: {e.Message}"));
            }
            stored.Applied = position;
            applied = true;
        }
        if (!applied) return;
        var reminderGone = ReminderGone(woke);

        try
        {
            await StoreAsync(effects, failed);
        }
        catch (Exception e)
        {
            // The state in memory is now ahead of the stored state: this activation must not go on. The agent retries
            // the delivery on a fresh activation, which reads the stored state and decides again (same effects, same names).
            _logger.LogWarning("{Grain} could not store its state ({Message}); it deactivates and the delivery is retried", Self, e.Message);
            DeactivateOnIdle();
            throw;
        }
        Services.Metrics.Settled(effects.Deadlines);
        ArmTimer();
        if (reminderGone) await UnregisterWakeReminderAsync();
        else await ArmReminderAsync();
        OnStored();

        void Decide(GrainMessage message)
        {
            using var span = GrainTracing.Applying(Self.ToString(), message.GetType().Name, message.TraceParent);
            if (message is Tick tick)
            {
                if (_decider.WakeAt != tick.Due) return; // a tick for a wake-up the grain moved or already had: nothing
                _decider.OnTimer(tick.Due, effects);
                woke = true;
                return;
            }
            _decider.Handle(message, effects);
        }
    }

    /// <summary>Called after each stored delivery: what callers waiting for a decision can now be told.</summary>
    protected virtual void OnStored()
    {
    }

    /// <summary>
    /// The effects, then the state that says they happened. Messages are in the log before the state write is issued.
    /// Journal records and alerts are never missing under a stored state: where the stores commit in issue order, the
    /// state write queues right behind them (usually one commit for both); elsewhere the records commit first. Alerts
    /// reach the feed once their commit returns.
    /// </summary>
    private async Task StoreAsync(EffectsBuffer effects, List<(LogPosition Position, GrainMessage Message, string Reason)>? failed)
    {
        using var ordered = Services.CommitOrdering?.Begin();
        var sending = effects.Messages.Count > 0 ? Services.Writer.AppendAsync(effects.Messages, CancellationToken.None) : null;
        var recording = effects.Entries.Count + effects.Alerts.Count > 0
            ? Services.Journal.RecordAsync(effects.Entries, effects.Alerts, CancellationToken.None)
            : null;
        if (failed is not null)
        {
            var now = Services.Clock.GetUtcNow();
            foreach (var (position, message, reason) in failed) await Services.Writer.ParkAsync(Self, position, message, reason, now, CancellationToken.None);
        }
        if (sending is not null) await sending;
        if (recording is not null && ordered is null)
        {
            Publish(await recording);
            recording = null;
        }
        var writing = _stored.WriteStateAsync();
        if (recording is null)
        {
            await writing;
            return;
        }
        await Task.WhenAll(recording, writing); // a failed record fails the state write queued behind it: both are seen
        Publish(await recording);
    }

    private void Publish(IReadOnlyList<StoredAlert> stored)
    {
        if (stored.Count > 0) Services.Feed.Publish(stored);
    }

    /// <summary>A grain timer for a wake-up within the horizon: precise while the grain is active.</summary>
    private void ArmTimer()
    {
        var wake = _decider.WakeAt;
        if (wake == _timerDue) return;
        _timer?.Dispose();
        (_timer, _timerDue) = (null, null);
        if (wake is not { } due) return;
        var delay = due - Services.Clock.GetUtcNow();
        if (delay > Services.Options.TimerHorizon) return;
        _timer = this.RegisterGrainTimer(_ => WakeAsync(), new GrainTimerCreationOptions(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan));
        _timerDue = due;
    }

    /// <summary>
    /// A reminder at or before the wake-up: it survives this activation and this silo. It is registered after the
    /// delivery's write, and the time it is set for (<see cref="Stored{TState}.ReminderDue"/>) is stored with the next
    /// write: until then the stored time is a later one or none, and a new activation registers again. A stored time
    /// still ahead and no later than the wake-up means that reminder is set; one already past means nothing (that
    /// reminder fired, and may since have been removed), so a wake-up still ahead registers again. A wake-up moved later
    /// (a re-check pushed back by each event) keeps its earlier reminder, which moves when it fires: moving it on every
    /// event would cost a write to the reminder table each time.
    /// </summary>
    private async Task ArmReminderAsync()
    {
        if (_decider.WakeAt is not { } wake) return;
        var now = Services.Clock.GetUtcNow();
        // A wake-up already due is had by the grain timer or the reminder that fired for it.
        if (_stored.State.ReminderDue is { } registered && registered <= wake && (registered > now || wake <= now)) return;
        await RegisterWakeReminderAsync(wake);
    }

    /// <summary>
    /// Whether the delivery leaves a reminder with no wake-up to serve: a deadline handled (breached, met or withdrawn)
    /// after a reminder was set, or a wake-up just had (the reminder that brought it may not be stored yet). The stored
    /// time is cleared with this delivery's write and the reminder removed after it; without that it would fire again a
    /// period later, and a deadline a rep had met would still wake its lead, idle by then, only to remove it. If the
    /// node stops in between, the reminder fires with nothing due and removes itself (<see cref="ReceiveReminder"/>).
    /// </summary>
    private bool ReminderGone(bool woke)
    {
        if (_decider.WakeAt is not null || (_stored.State.ReminderDue is null && !woke)) return false;
        _stored.State.ReminderDue = null;
        return true;
    }

    private async Task RegisterWakeReminderAsync(DateTimeOffset wake)
    {
        var delay = wake - Services.Clock.GetUtcNow();
        _reminder = await this.RegisterOrUpdateReminder(WakeReminder, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Services.Options.ReminderPeriod);
        _stored.State.ReminderDue = wake;
    }

    /// <summary>Removes the wake-up reminder, by the handle this activation registered it with when it has one (no read).</summary>
    private async Task UnregisterWakeReminderAsync()
    {
        if (_reminder is { } registered)
        {
            _reminder = null;
            try
            {
                await this.UnregisterReminder(registered);
                return;
            }
            catch (ReminderException)
            {
                // Its ETag is stale (updated by another activation's registration): read it again.
            }
        }
        if (await this.GetReminder(WakeReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WakeReminder) return;
        var wake = _decider.WakeAt;
        if (wake is { } due && due <= Services.Clock.GetUtcNow())
        {
            await WakeAsync();
            return;
        }
        // Early: the wake-up moved later since the reminder was set, or there is none any more (the silo stopped
        // before the reminder was removed). The stored time follows first, in a write of its own, then the reminder.
        _stored.State.ReminderDue = wake;
        if (_stored.RecordExists) await _stored.WriteStateAsync();
        if (wake is { } later) await RegisterWakeReminderAsync(later);
        else await UnregisterWakeReminderAsync();
    }

    /// <summary>The wake-up has come: a tick into the grain's own stream (named by its due time, so firing twice appends it once).</summary>
    private async Task WakeAsync()
    {
        if (_decider.WakeAt is not { } due || due > Services.Clock.GetUtcNow()) return;
        await Services.Writer.AppendAsync([new StreamMessage(Self, new Tick(due), $"{Self}!tick@{due.UtcTicks}")], CancellationToken.None);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        _logger.LogWarning("{Grain}: its stream reported an error: {Message}", Self, ex.Message);
        return Task.CompletedTask;
    }
}
