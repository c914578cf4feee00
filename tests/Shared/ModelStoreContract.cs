using Scoring.Grains.Models;

namespace Scoring.Testing;

/// <summary>What every model store must do (compiled into each store's tests): keep versions in order, let one of two same-numbered publishes win, keep one draft.</summary>
public static class ModelStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Noon = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    public static async Task HoldsAsync(IModelStore store)
    {
        Assert.Empty(await store.ReadPublicationsAsync(None));
        Assert.Null(await store.ReadDraftAsync(None));

        var first = new StoredPublication(1, """{"version":"v2"}""", Noon, "boss", Noon.AddSeconds(-1));
        var rival = first with { Definition = """{"version":"rival"}""", PublishedBy = "other-boss" };
        var outcomes = await Task.WhenAll(store.AppendPublicationAsync(first, None), store.AppendPublicationAsync(rival, None));
        Assert.Equal(1, outcomes.Count(won => won));
        var second = new StoredPublication(2, """{"version":"v3"}""", Noon.AddHours(1), "boss", Noon.AddHours(1));
        Assert.True(await store.AppendPublicationAsync(second, None));

        var stored = await store.ReadPublicationsAsync(None);
        Assert.Equal([outcomes[0] ? first : rival, second], stored);

        await store.SaveDraftAsync(new StoredDraft("""{"version":"v4"}""", "boss", Noon), None);
        await store.SaveDraftAsync(new StoredDraft("""{"version":"v5"}""", "other-boss", Noon.AddMinutes(1)), None);
        Assert.Equal(new StoredDraft("""{"version":"v5"}""", "other-boss", Noon.AddMinutes(1)), await store.ReadDraftAsync(None));
    }
}
