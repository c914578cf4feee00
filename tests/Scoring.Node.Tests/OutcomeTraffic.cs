using System.Net;
using System.Text;

namespace Scoring.Node.Tests;

/// <summary>
/// Leads whose reps recorded what came of them: three that read pricing, the comparison and used the ROI calculator,
/// accepted and taken to SQL; three that did the same but registered for a webinar instead, rejected as not in market.
/// </summary>
public static class OutcomeTraffic
{
    public static async Task RecordAsync(NodeHost node)
    {
        for (var i = 0; i < 3; i++)
        {
            await LeadAsync(node, $"good-{i}", "ROI Calculator Used", async id =>
            {
                await PostAsync(node, $"/api/leads/{id}/accept");
                await PostAsync(node, $"/api/leads/{id}/sql", """{"bant":{"budget":true,"authority":true,"need":true,"timeline":true}}""");
            });
            await LeadAsync(node, $"bad-{i}", "Webinar Registered", id => PostAsync(node, $"/api/leads/{id}/reject", """{"reason":"not_in_market"}"""));
        }
        await node.CaughtUpAsync();
    }

    private static async Task LeadAsync(NodeHost node, string userId, string lastly, Func<string, Task> outcome)
    {
        var at = DateTimeOffset.UtcNow;
        await node.PostBatchAsync([.. Segment.QualifyingJourney(userId, at), Segment.Track(userId, lastly, at.AddSeconds(5))]);
        await node.AssignedAsync(userId);
        await outcome(userId);
    }

    private static async Task PostAsync(NodeHost node, string path, string? json = null)
    {
        using var response = await node.Rep.PostAsync(path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
