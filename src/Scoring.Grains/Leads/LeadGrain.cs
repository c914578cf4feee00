using Orleans.Placement;
using Scoring.Grains.Decisions;
using Scoring.Grains.Hosting;

namespace Scoring.Grains.Leads;

/// <summary>The lead's Orleans shell: <see cref="LeadDecider"/> decides; this feeds it its stream and stores what it decided.</summary>
[PreferLocalPlacement] // activated where its partition is read: deliveries stay in-process, uncopied
[ImplicitStreamSubscription(GrainKeys.Lead)]
public sealed class LeadGrain(
    [PersistentState("lead", GrainOptions.StorageProvider)] IPersistentState<Stored<LeadState>> stored,
    GrainServices services)
    : LogConsumerGrain<LeadState>(stored, services), ILeadGrain
{
    private readonly Dictionary<string, TaskCompletionSource<CommandResult>> _waiting = [];

    protected override string Kind => GrainKeys.Lead;

    protected override LeadState Fresh(string key) => new() { UserId = key };

    protected override IDecider CreateDecider(LeadState state, string key) => new LeadDecider(state, Services.Models, Services.Routing);

    public Task<LeadState?> GetState() => Task.FromResult(Exists ? State : null);

    public async Task<CommandResult?> AwaitCommand(string commandId, TimeSpan timeout)
    {
        if (Exists && State.Commands.TryGetValue(commandId, out var done)) return done;
        if (!_waiting.TryGetValue(commandId, out var waiter)) _waiting[commandId] = waiter = new(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            return await waiter.Task.WaitAsync(timeout, Services.Clock);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            if (waiter.Task.IsCompleted || _waiting.GetValueOrDefault(commandId) == waiter) _waiting.Remove(commandId);
        }
    }

    protected override void OnStored()
    {
        if (_waiting.Count == 0) return;
        foreach (var (commandId, waiter) in _waiting.ToList())
        {
            if (State.Commands.TryGetValue(commandId, out var result)) waiter.TrySetResult(result);
        }
    }
}
