using System.Net;
using Xunit.Abstractions;

namespace Scoring.Cluster.Tests;

public sealed class OutageTests(ITestOutputHelper output)
{
    /// <summary>How long the simulated tracking client backs off after a 503 before resending (its retry policy, not a wait for the test).</summary>
    private static readonly TimeSpan ClientBackoff = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task RabbitMQ_and_PostgreSQL_restarts_give_503s_never_a_lost_200_and_processing_catches_up()
    {
        var traffic = RecordedTraffic.Generate(2_000, seed: 31, DateTimeOffset.UtcNow.AddHours(-6), TimeSpan.FromSeconds(1));
        var batches = traffic.Chunk(200).ToList();
        var userIds = Traffic.UserIds(traffic);
        var reference = await Traffic.ReferenceAsync(batches, userIds);

        await using var cluster = await ClusterHarness.StartAsync("node-1", "node-2");
        await Eventually.Until(cluster.SettledAsync, TimeSpan.FromSeconds(30), "two nodes to share the partitions");

        var unavailable = 0;
        var rabbitDownAt = batches.Count / 3;
        var postgresDownAt = batches.Count * 2 / 3;
        Task? restart = null;
        for (var i = 0; i < batches.Count; i++)
        {
            if (i == rabbitDownAt)
            {
                await cluster.Rabbit.StopAsync();
                restart = RestartAfterAsync(cluster.Rabbit.RestartAsync, unavailableSeen: () => unavailable > 0);
            }
            if (i == postgresDownAt)
            {
                await cluster.Postgres.StopAsync();
                restart = RestartAfterAsync(cluster.Postgres.RestartAsync, unavailableSeen: () => true);
            }
            // A careful client: on 503 it waits and sends the same batch again; it moves on only after a 200.
            while (true)
            {
                var node = cluster.Nodes.Values.ElementAt(i % cluster.Nodes.Count);
                var status = await Segment.PostBatchAsync(node.Http, batches[i]);
                if (status == HttpStatusCode.OK) break;
                Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                unavailable++;
                await Task.Delay(ClientBackoff);
            }
        }
        if (restart is not null) await restart;
        output.WriteLine($"{unavailable} answers were 503 while RabbitMQ was down");
        Assert.True(unavailable > 0, "ingestion answered 503 while RabbitMQ was down");

        await Traffic.AssertConvergesAsync(async () =>
        {
            try { return await cluster.LeadsAsync(userIds); }
            catch (Npgsql.NpgsqlException) { return null; }
        }, reference, TimeSpan.FromMinutes(2), "processing to catch up after the outages", show: 3);
    }

    /// <summary>Brings a server back once the clients have seen it gone (or at once when there is nothing to wait for).</summary>
    private static async Task RestartAfterAsync(Func<Task> restart, Func<bool> unavailableSeen)
    {
        await Eventually.Until(unavailableSeen, TimeSpan.FromSeconds(30), "clients to notice the outage");
        await restart();
    }
}
