using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Scoring.Grains.Leads;

namespace Scoring.Node.Tests;

/// <summary>
/// How often Orleans looks for idle grains is <c>Scoring:IdleCollectionSeconds</c>: each look deactivates the grains that
/// came due since the last (docs/decisions.md, 75).
/// </summary>
public sealed class IdleCollectionTests
{
    [Fact]
    public async Task The_silo_looks_for_idle_grains_as_often_as_configured()
    {
        await using var node = await NodeHost.StartAsync(null, "--Scoring:IdleCollectionSeconds=5");

        var options = node.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)), (options.CollectionQuantum, options.CollectionAge));
    }

    [Fact]
    public async Task A_lead_idle_past_its_age_leaves_memory_within_seconds_not_at_the_next_minute()
    {
        // Idle age 3 s, a look every second: with Orleans' once-a-minute look the lead would stay up to a minute past it.
        await using var node = await NodeHost.StartAsync(null, "--Scoring:IdleDeactivationMinutes=0.05", "--Scoring:IdleCollectionSeconds=1");
        await node.PostBatchAsync([Segment.Identify("idle-reader", DateTimeOffset.UtcNow, "ida@northwind.io")]);
        await node.CaughtUpAsync();
        Assert.NotNull(await node.LeadAsync("idle-reader")); // its last use: from here it is idle
        var management = node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        Assert.True(await LeadActivationsAsync(management) > 0);

        await Eventually.Until(async () => await LeadActivationsAsync(management) == 0, TimeSpan.FromSeconds(12),
            "the idle lead to be deactivated");
    }

    private static async Task<int> LeadActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains(nameof(LeadGrain))).Sum(s => s.ActivationCount);
}
