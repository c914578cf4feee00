using System.Text.Json;
using Scoring.Grains.Accounts;
using Scoring.Grains.Messages;
using Scoring.Model.Accounts;
using Scoring.Grains.Journal;
using Scoring.Testing;
using static Scoring.Testing.Events;

namespace Scoring.Grains.Tests;

/// <summary>Leads, accounts and the pod on the real runtime and embedded engine: members roll up as they act.</summary>
public sealed class AccountJourneyTests
{
    private const string Northwind = "domain:northwind.io";

    private static Dictionary<string, string> Person(string email, string title) => new(VpOfSales(email)) { ["title"] = title };

    /// <summary>Three people of one company, each reading pricing twice: none is an MQL alone; together they are a buying committee.</summary>
    private static async Task CommitteeAsync(LeadCluster cluster)
    {
        foreach (var (id, title, offset) in new[] { ("dana", "VP of Sales", 0), ("finn", "CFO", 2), ("tess", "CTO", 4) })
        {
            await cluster.IngestAsync(
                Identify(id, Start.AddHours(offset), Person($"{id}@northwind.io", title)),
                Page(id, "/pricing", Start.AddHours(offset).AddMinutes(1)),
                Page(id, "/pricing", Start.AddHours(offset).AddMinutes(2)));
        }
    }

    [Fact]
    public async Task Three_people_from_one_company_make_an_MQA_the_pod_hears_of_with_the_committee()
    {
        await using var cluster = await LeadCluster.StartAsync();
        await CommitteeAsync(cluster);

        await Eventually.Until(() => { lock (cluster.Published) return cluster.Published.Any(a => a.Alert.Kind == AccountDecider.MqaAlertKind); },
            TimeSpan.FromSeconds(10), "MQA alert");
        StoredAlert stored;
        lock (cluster.Published) stored = cluster.Published.Single(a => a.Alert.Kind == AccountDecider.MqaAlertKind);
        Assert.Equal("pod:default:accounts", stored.Alert.Audience);
        var alert = JsonSerializer.Deserialize(stored.Alert.Payload, GrainJson.Default.MqaAlert)!;
        Assert.Equal(("account:domain:northwind.io:mqa:1", "tess", "Northwind"), (alert.AlertId, alert.TriggeringLeadId, alert.Company));
        Assert.Equal(["Finance", "Technical evaluator", "Economic buyer / executive"], alert.EngagedPersonas);
        var dana = alert.Committee.Single(m => m.LeadId == "dana");
        Assert.Equal(("economic_buyer", "Lead"), (dana.Persona, dana.Stage));
        Assert.Equal(20 * Math.Pow(0.5, 4.0 / (14 * 24)), dana.IntentScore, 2); // two pricing views, decayed the four hours until tess's
        Assert.Equal("Viewed pricing", Assert.Single(dana.Recent).Label);
        Assert.Empty(cluster.Alerts); // nobody was an MQL on their own

        var account = (await cluster.AccountAsync(Northwind))!;
        Assert.True(account.Qualified);
        Assert.Equal(["dana", "finn", "tess"], account.Members.Keys.Order());
    }

    [Fact]
    public async Task A_member_who_moves_to_another_account_leaves_the_old_rollup()
    {
        await using var cluster = await LeadCluster.StartAsync();
        await CommitteeAsync(cluster);
        await Eventually.Until(async () => (await cluster.AccountAsync(Northwind))?.Qualified == true, TimeSpan.FromSeconds(10), "MQA");

        await cluster.IngestAsync(Group("tess", "contoso", Start.AddHours(6), new() { ["name"] = "Contoso", ["industry"] = "Software", ["employees"] = "400" }));

        await Eventually.Until(async () => (await cluster.AccountAsync("group:contoso"))?.Members.ContainsKey("tess") == true
            && (await cluster.AccountAsync(Northwind))!.Members.Count == 2, TimeSpan.FromSeconds(10), "tess moved");
        var old = (await cluster.AccountAsync(Northwind))!;
        Assert.Equal(["dana", "finn"], old.Members.Keys.Order());
        Assert.True(old.Departed["tess"] > 0);
        // Two personas are left: enough to stay an MQA (exit below 2), as hysteresis says.
        Assert.True(old.Qualified);
        var contoso = (await cluster.AccountAsync("group:contoso"))!;
        Assert.Equal(new CompanyFacts(true, "Contoso", "Software", 400, null, null), contoso.Members["tess"].Company);
    }
}
