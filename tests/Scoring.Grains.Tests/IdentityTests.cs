using static Scoring.Testing.Events;

namespace Scoring.Grains.Tests;

public sealed class IdentityTests
{
    [Fact]
    public async Task Anonymous_behaviour_counts_for_the_lead_once_identified()
    {
        await using var cluster = await LeadCluster.StartAsync();
        await cluster.IngestAsync(
            Page(null, "/pricing", Start, anonymousId: "cookie-1"),
            Page(null, "/pricing", Start.AddHours(2), anonymousId: "cookie-1"),
            Page(null, "/pricing", Start.AddHours(26), anonymousId: "cookie-1"),
            Page(null, "/compare/rival", Start.AddHours(27), anonymousId: "cookie-1"));
        Assert.Null(await cluster.LeadAsync("dana"));

        await cluster.IngestAsync(
            Track(null, "Form Submitted", Start.AddHours(28), anonymousId: "cookie-1"),
            Identify("dana", Start.AddHours(28), VpOfSales(), anonymousId: "cookie-1"));

        await Scoring.Testing.Eventually.Until(async () => (await cluster.LeadAsync("dana"))?.EventsApplied == 6, TimeSpan.FromSeconds(10), "merge");
        var lead = (await cluster.LeadAsync("dana"))!;
        Assert.Equal("MQL", lead.Stage);
        Assert.Equal(["cookie-1"], lead.Visitors.Keys);
        var alert = Assert.Single(cluster.Alerts);
        Assert.Contains("Viewed pricing 3x in 2 days", alert.Reasons);
        Assert.Empty((await cluster.VisitorAsync("cookie-1"))!.History);
    }

    [Fact]
    public async Task Later_anonymous_events_follow_the_lead()
    {
        await using var cluster = await LeadCluster.StartAsync();
        await cluster.IngestAsync(Identify("lee", Start, VpOfSales("lee@northwind.io"), anonymousId: "cookie-2"));
        await cluster.IngestAsync(Page(null, "/pricing", Start.AddMinutes(5), anonymousId: "cookie-2"));

        await Scoring.Testing.Eventually.Until(async () => (await cluster.LeadAsync("lee"))?.EventsApplied == 2, TimeSpan.FromSeconds(10), "forwarded event");
        var lead = (await cluster.LeadAsync("lee"))!;
        Assert.Equal(10, lead.Score.Intent["page.pricing"].Value);
        var visitor = (await cluster.VisitorAsync("cookie-2"))!;
        Assert.Equal("lee", visitor.LinkedLead);
        Assert.Equal(2, visitor.Seq); // the (empty) history, then the forwarded page
    }

    [Fact]
    public async Task Alias_links_a_previous_anonymous_id()
    {
        await using var cluster = await LeadCluster.StartAsync();
        await cluster.IngestAsync(Page(null, "/pricing", Start, anonymousId: "old-cookie"));
        await cluster.IngestAsync(new Model.Events.ClickEvent
        {
            Kind = Model.Events.EventKind.Alias, MessageId = NextId(), Timestamp = Start.AddMinutes(1), ReceivedAt = Start.AddMinutes(1),
            UserId = "ali", PreviousId = "old-cookie",
        });

        await Scoring.Testing.Eventually.Until(async () => (await cluster.LeadAsync("ali"))?.EventsApplied == 2, TimeSpan.FromSeconds(10), "alias merge");
        Assert.Equal(10, (await cluster.LeadAsync("ali"))!.Score.Intent["page.pricing"].Value);
    }

    [Fact]
    public async Task A_shared_cookie_keeps_its_first_identity()
    {
        await using var cluster = await LeadCluster.StartAsync();
        await cluster.IngestAsync(Page(null, "/pricing", Start, anonymousId: "kiosk"));
        await cluster.IngestAsync(Identify("first", Start.AddMinutes(1), [], anonymousId: "kiosk"));
        await cluster.IngestAsync(Identify("second", Start.AddMinutes(2), [], anonymousId: "kiosk"));

        await Scoring.Testing.Eventually.Until(async () => (await cluster.VisitorAsync("kiosk"))?.LinkedLead == "first", TimeSpan.FromSeconds(10), "link");
        Assert.Equal(2, (await cluster.LeadAsync("first"))!.EventsApplied);
        Assert.Equal(1, (await cluster.LeadAsync("second"))!.EventsApplied);
    }
}
