using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Model.Definition;
using Scoring.Model.Versions;
using Scoring.Model.Events;
using static Scoring.Testing.Events;

namespace Scoring.Grains.Tests;

/// <summary>A lead under a catalog of versions: each input is decided by the version live at its time, and stamped with it.</summary>
public sealed class ModelVersionTests
{
    private static readonly ScoringModel Configured = ModelLoader.LoadDefault();

    /// <summary>The default model as "v2", qualifying on a tenth of the intent.</summary>
    private static readonly ScoringModel V2 = new(Configured.Definition with
    {
        Version = "v2",
        Qualification = Configured.Qualification with { Intent = new Hysteresis(8, 4) },
    });

    [Fact]
    public void A_publication_applies_to_what_is_received_from_its_time_on_and_stamps_it()
    {
        var publishedAt = Start.AddMinutes(10);
        var catalog = ModelCatalog.Seeded(Configured).With(new Publication(V2, publishedAt, "boss", publishedAt));
        var lead = new LeadDecider(new LeadState { UserId = "dana" }, catalog, Model.Routing.RoutingTable.SinglePod("default"));
        var context = new RecordingEffects(GrainKeys.LeadId("dana"));

        lead.Handle(new Ingested(Identify("dana", Start, VpOfSales())), context);
        lead.Handle(new Ingested(Page("dana", "/pricing", Start.AddMinutes(1))), context);
        Assert.Equal("Lead", lead.State.Stage); // 10 points of intent: not enough under the configured version

        lead.Handle(new Ingested(Page("dana", "/product", publishedAt.AddMinutes(1))), context);

        Assert.Equal("MQL", lead.State.Stage);
        var stamps = context.Journal.Where(j => j.Stream == LeadDecider.LedgerStream)
            .Select(j => System.Text.Json.JsonSerializer.Deserialize(j.Payload, GrainJson.Default.LedgerEntry)!.ModelVersion).ToList();
        Assert.Equal(Configured.Version, stamps[0]);
        Assert.Equal("v2", stamps[^1]);
        var route = Assert.Single(context.Routed);
        Assert.Equal("v2", route.Alert.ModelVersion);
    }

    [Fact]
    public void A_replay_of_the_same_inputs_decides_the_same_whichever_version_is_latest_when_it_runs()
    {
        var publishedAt = Start.AddMinutes(10);
        var before = ModelCatalog.Seeded(Configured);
        var after = before.With(new Publication(V2, publishedAt, "boss", publishedAt));
        ClickEvent[] inputs = [Identify("sam", Start, VpOfSales("sam@northwind.io")), Page("sam", "/pricing", Start.AddMinutes(1))];

        byte[] Run(ModelCatalog catalog)
        {
            var lead = new LeadDecider(new LeadState { UserId = "sam" }, catalog, Model.Routing.RoutingTable.SinglePod("default"));
            foreach (var e in inputs) lead.Handle(new Ingested(e), new RecordingEffects(GrainKeys.LeadId("sam")));
            return lead.Snapshot();
        }

        // The inputs came before the publication: a replay after it (v2 latest) decides them with the configured version.
        Assert.Equal(Run(before), Run(after));
    }
}
