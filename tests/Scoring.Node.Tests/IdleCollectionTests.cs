using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Scoring.Grains.Leads;
using Scoring.Node.Hosting;

namespace Scoring.Node.Tests;

/// <summary>
/// Idle grains leave memory by the node's paced collection: each when its idle age is up counted from its last use, and
/// no more than <c>Scoring:IdleDeactivationsPerSecond</c> a second; Orleans' own collector stays behind it with a longer
/// age (docs/decisions.md, 76).
/// </summary>
public sealed class IdleCollectionTests
{
    [Fact]
    public async Task A_lead_idle_past_its_age_leaves_memory_before_Orleans_own_collector_would_look()
    {
        // Idle age 3 s: Orleans' collector, two minutes behind, would not take it within this test's deadline. The
        // shortest idleness Orleans' working set notices is 10 s, so the lead leaves 10-20 s after its last use.
        await using var node = await NodeHost.StartAsync(null, "--Scoring:IdleDeactivationMinutes=0.05");
        var orleans = node.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(3) + PacedIdleCollectionHosting.OrleansBackstop, orleans.CollectionAge);
        await node.PostBatchAsync([Segment.Identify("idle-reader", DateTimeOffset.UtcNow, "ida@northwind.io")]);
        await node.CaughtUpAsync();
        Assert.NotNull(await node.LeadAsync("idle-reader")); // its last use: from here it is idle
        var management = node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        Assert.True(await LeadActivationsAsync(management) > 0);

        await Eventually.Until(async () => await LeadActivationsAsync(management) == 0, TimeSpan.FromSeconds(40),
            "the idle lead to be deactivated");
    }

    [Fact]
    public async Task Leads_idle_at_the_same_moment_leave_a_few_at_a_time_not_all_at_once()
    {
        const int leads = 30;
        await using var node = await NodeHost.StartAsync(null, "--Scoring:IdleDeactivationMinutes=0.05", "--Scoring:IdleDeactivationsPerSecond=3");
        var now = DateTimeOffset.UtcNow;
        await node.PostBatchAsync([.. Enumerable.Range(0, leads).Select(i => Segment.Identify($"paced-{i}", now, $"p{i}@northwind.io"))]);
        await node.CaughtUpAsync();
        var management = node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        Assert.Equal(leads, await LeadActivationsAsync(management));

        // At three a second the thirty leave over about ten seconds: the count is seen between none and all of them.
        var seen = new HashSet<int>();
        await Eventually.Until(async () =>
        {
            var active = await LeadActivationsAsync(management);
            seen.Add(active);
            return active == 0;
        }, TimeSpan.FromSeconds(60), "every idle lead to be deactivated");
        Assert.True(seen.Count(n => n is > 0 and < leads) >= 5, $"counts seen: {string.Join(", ", seen.Order())}");
    }

    private static async Task<int> LeadActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains(nameof(LeadGrain))).Sum(s => s.ActivationCount);
}
