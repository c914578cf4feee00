using Scoring.Node.Tests.Clients;

namespace Scoring.Node.Tests;

/// <summary>Tracking libraries other than Segment's, unchanged, against a node: their routes, auth and payloads work.</summary>
public sealed class TrackingLibraryTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task RudderStacks_node_sdk_delivers_a_journey_gzipped_to_v1_batch_and_the_lead_qualifies()
    {
        await TrackingClients.EnsureInstalledAsync();

        await TrackingClients.RunAsync("node", "rudderstack.mjs", _node.BaseUri.ToString().TrimEnd('/'), NodeHost.WriteKey, "rudder-dana");

        await _node.CaughtUpAsync();
        var lead = (await _node.LeadAsync("rudder-dana"))!.Value;
        Assert.Equal(6, lead.GetProperty("eventsApplied").GetInt64());
        Assert.Equal("MQL", lead.GetProperty("stage").GetString());
        Assert.Equal("rudder-dana@northwind.io", lead.GetProperty("email").GetString());
    }
}
