using Scoring.Model.Definition;
using Scoring.Model.Versions;

namespace Scoring.Model.Tests.Versions;

public sealed class ModelCatalogTests
{
    private static readonly ScoringModel Configured = ModelLoader.LoadDefault();
    private static readonly DateTimeOffset Noon = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The default model under another name with a lower intent threshold.</summary>
    public static ScoringModel Variant(string version, double intentEnter = 8) => new(Configured.Definition with
    {
        Version = version,
        Qualification = Configured.Qualification with { Intent = new Hysteresis(intentEnter, intentEnter / 2) },
    });

    private static Publication Published(ScoringModel model, DateTimeOffset from) => new(model, from, "boss", from);

    [Fact]
    public void Each_input_is_scored_by_the_version_live_at_its_own_time()
    {
        var v2 = Variant("v2");
        var v3 = Variant("v3", 20);
        var catalog = ModelCatalog.Seeded(Configured).With(Published(v2, Noon)).With(Published(v3, Noon.AddHours(1)));

        Assert.Same(Configured, catalog.At(DateTimeOffset.MinValue));
        Assert.Same(Configured, catalog.At(Noon.AddTicks(-1)));
        Assert.Same(v2, catalog.At(Noon));
        Assert.Same(v2, catalog.At(Noon.AddMinutes(59)));
        Assert.Same(v3, catalog.At(Noon.AddHours(5)));
        Assert.Same(v3, catalog.Latest);
        Assert.Equal("v2", catalog.LiveAt(Noon.AddMinutes(30)).Version);
    }

    [Fact]
    public void An_earlier_version_may_be_published_again_as_a_rollback_but_a_name_is_never_reused_for_another_definition()
    {
        var catalog = ModelCatalog.Seeded(Configured).With(Published(Variant("v2"), Noon));

        Assert.Empty(catalog.CheckPublishable(Variant("v3")));
        Assert.Empty(catalog.CheckPublishable(new ScoringModel(Configured.Definition))); // the configured one, again
        var rolledBack = catalog.With(Published(new ScoringModel(Configured.Definition), Noon.AddHours(1)));
        Assert.Equal(Configured.Version, rolledBack.At(Noon.AddHours(2)).Version);
        Assert.Equal("v2", rolledBack.At(Noon.AddMinutes(30)).Version);

        var clash = Assert.Single(catalog.CheckPublishable(Variant("v2", intentEnter: 50)));
        Assert.Contains("'v2' is already published with another definition", clash);
        Assert.Throws<InvalidOperationException>(() => catalog.With(Published(Variant("v2", 50), Noon.AddHours(1))));
        Assert.Throws<InvalidOperationException>(() => catalog.With(Published(Variant("v4"), Noon.AddHours(-1))));
    }
}
