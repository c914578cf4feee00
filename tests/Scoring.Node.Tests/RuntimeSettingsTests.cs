using System.Runtime;
using System.Text.Json;

namespace Scoring.Node.Tests;

/// <summary>
/// The runtime settings the node ships with: those read from the runtimeconfig.json its build writes beside it (what
/// the .NET host hands the runtime when the node starts, before any of our code runs), and the one it sets itself.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_node_runs_the_server_collector_with_gen0_capped_at_16_MiB_per_heap()
    {
        var path = Path.ChangeExtension(NodeProcess.NodeDll(), ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        // Larger gen0 budgets made each collection stop the node for 50-180 ms (docs/decisions.md, 68).
        Assert.Equal(16 * 1024 * 1024, properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64());
    }

    [Fact]
    public async Task A_started_node_collects_its_oldest_generation_in_the_background_only()
    {
        await using var node = await NodeHost.StartAsync();

        // A full blocking collection of a node holding gigabytes of grains stopped it for 5 s (docs/decisions.md, 83).
        Assert.Equal(GCLatencyMode.SustainedLowLatency, GCSettings.LatencyMode);
    }
}
