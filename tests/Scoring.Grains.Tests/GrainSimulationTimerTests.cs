using System.Text.Json;
using Scoring.Grains.Messages;
using Scoring.Grains.Replay;
using Scoring.Model.Definition;
using Scoring.Model.Routing;
using Scoring.Model.Versions;
using Scoring.Streams.Log;
using static Scoring.Testing.Events;

namespace Scoring.Grains.Tests;

/// <summary>
/// The timers due at a replayed window's end, fired in slices (a what-if looks at its gate between them) or all at
/// once: the same timers fire in the same order, so the simulations end the same.
/// </summary>
public sealed class GrainSimulationTimerTests
{
    private static readonly ScoringModel Configured = ModelLoader.LoadDefault();

    /// <summary>Five people who ask for a demo: each qualifies, is assigned to a rep, and gets a first-touch deadline nobody meets.</summary>
    private static readonly ReplayInput[] Inputs = [.. Enumerable.Range(0, 5).SelectMany(i =>
    {
        var user = $"lead-{i}";
        var at = Start.AddMinutes(i);
        return new[] { Identify(user, at, VpOfSales($"{user}@northwind.io")), Track(user, "Demo Requested", at.AddSeconds(10)) }
            .Select(e => new ReplayInput(new StreamAddress(GrainKeys.Lead, user), new Ingested(e), e.ReceivedAt));
    })];

    private static GrainSimulation Qualified()
    {
        var simulation = new GrainSimulation(ModelCatalog.Seeded(Configured), RoutingTable.SinglePod("default", "rep-1", "rep-2"));
        foreach (var input in Inputs) simulation.Apply(input);
        return simulation;
    }

    private static string Leads(GrainSimulation simulation) =>
        string.Join("\n", simulation.Leads.OrderBy(l => l.UserId, StringComparer.Ordinal).Select(l => JsonSerializer.Serialize(l, GrainJson.Default.LeadState)));

    [Fact]
    public void Timers_fired_in_slices_leave_the_simulation_as_firing_them_at_once_does()
    {
        var until = Start.AddDays(3); // past every first-touch deadline, its reassignment's and the daily re-checks
        var atOnce = Qualified();
        atOnce.RunTimersUntil(until);
        var sliced = Qualified();
        var slices = 1;
        while (sliced.RunTimersUntil(until, atMost: 1)) slices++;

        Assert.Equal(5, atOnce.Mqls.Count);
        Assert.True(slices > 5, $"the timers came in {slices} slices of one"); // one deadline per lead at least, and the ones they arm
        Assert.Equal(Leads(atOnce), Leads(sliced));
        Assert.Equal(atOnce.Mqls.Select(m => (m.LeadId, m.Episode, m.QualifiedAt)), sliced.Mqls.Select(m => (m.LeadId, m.Episode, m.QualifiedAt)));
        Assert.False(sliced.RunTimersUntil(until, atMost: 1)); // none left
    }
}
