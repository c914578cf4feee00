using System.Text.Json;
using Scoring.Grains.Journal;
using Scoring.Grains.Replay;
using Scoring.Model.Routing;
using Scoring.Model.Versions;

namespace Scoring.Node.Models;

/// <summary>
/// The replay of a what-if: the recorded inputs up to the window's end go through two simulations of the grains, one
/// with the versions that were live (which must reproduce the MQLs raised live) and one with the draft for all of
/// history; the report compares their MQLs in the window, and the live one's MQLs are checked against the alert table.
/// Every phase holds at <paramref name="gate"/> while the live feed is slow: between inputs, between pages of the log
/// (past the window's end too), between slices of the timers due at its end, between pages of the alert table.
/// </summary>
public static class WhatIfReplay
{
    /// <summary>Timers fired at the window's end between two looks at the gate: a few milliseconds of work.</summary>
    private const int TimersPerSlice = 500;

    public static async Task<WhatIfOutcome> RunAsync(WhatIfSpec spec, RecordedInputs inputs, IJournalStore alerts, RoutingTable routing, WhatIfGate gate,
        WhatIfProgress progress, CancellationToken cancellationToken)
    {
        var catalog = spec.Catalog();
        var draft = spec.DraftModel();
        var asLive = new GrainSimulation(catalog, routing);
        var asDraft = new GrainSimulation(new SingleModel(draft), routing);
        await foreach (var input in inputs.ReadAsync(spec.LogEnds, spec.To, progress.Read, cancellationToken))
        {
            await gate.PassAsync(cancellationToken);
            asLive.Apply(input);
            asDraft.Apply(input);
            progress.Replayed(input.At);
        }
        foreach (var simulation in new[] { asLive, asDraft })
        {
            while (simulation.RunTimersUntil(spec.TimersUntil, TimersPerSlice, cancellationToken)) await gate.PassAsync(cancellationToken);
        }
        var report = WhatIfReport.Compare(spec.From, spec.To, asLive, catalog.At(spec.To.AddTicks(-1)), asDraft, draft);
        var replayedLive = asLive.Mqls.Where(m => m.QualifiedAt >= spec.From && m.QualifiedAt < spec.To)
            .Select(m => MqlKey(m.LeadId, m.Episode.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToHashSet(StringComparer.Ordinal);
        var raisedLive = await RaisedMqls.ReadAsync(alerts, spec.From, spec.To, gate, cancellationToken);
        var notReproduced = raisedLive.Except(replayedLive).Concat(replayedLive.Except(raisedLive)).Order(StringComparer.Ordinal).ToList();
        return new WhatIfOutcome(JsonSerializer.SerializeToElement(report, WhatIfJson.Options), raisedLive.Count, notReproduced);
    }

    /// <summary>An MQL's identity across a replay and the alert table: its lead and its qualification episode.</summary>
    public static string MqlKey(string leadId, string episode) => $"{leadId}#{episode}";
}

/// <summary>
/// What the worker hands back: the report, the number of MQLs the alert table holds for the window, and those raised
/// live or by the live versions' replay but not both (none when the replay is exact).
/// </summary>
public sealed record WhatIfOutcome(JsonElement Report, int RaisedLive, IReadOnlyList<string> NotReproduced);

/// <summary>The JSON of the worker's lines and spec: the API's (camelCase, enums as names), so the report passes through unchanged.</summary>
public static class WhatIfJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
