using System.Text.Json;
using Scoring.Grains.Replay;
using Scoring.Model.Routing;
using Scoring.Model.Versions;

namespace Scoring.Node.Models;

/// <summary>
/// The replay of a what-if: the recorded inputs up to the window's end go through two simulations of the grains, one
/// with the versions that were live (which must reproduce the MQLs raised live) and one with the draft for all of
/// history; the report compares their MQLs in the window.
/// </summary>
public static class WhatIfReplay
{
    public static async Task<WhatIfOutcome> RunAsync(WhatIfSpec spec, RecordedInputs inputs, RoutingTable routing, WhatIfGate gate,
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
            progress.Replayed();
        }
        asLive.RunTimersUntil(spec.TimersUntil, cancellationToken);
        asDraft.RunTimersUntil(spec.TimersUntil, cancellationToken);
        var report = WhatIfReport.Compare(spec.From, spec.To, asLive, catalog.At(spec.To.AddTicks(-1)), asDraft, draft);
        var replayedLive = asLive.Mqls.Where(m => m.QualifiedAt >= spec.From && m.QualifiedAt < spec.To).Select(m => MqlKey(m.LeadId, m.Episode.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        return new WhatIfOutcome(JsonSerializer.SerializeToElement(report, WhatIfJson.Options), replayedLive);
    }

    /// <summary>An MQL's identity across a replay and the alert table: its lead and its qualification episode.</summary>
    public static string MqlKey(string leadId, string episode) => $"{leadId}#{episode}";
}

/// <summary>What the worker hands back: the report, and the MQLs the live versions' replay raised in the window.</summary>
public sealed record WhatIfOutcome(JsonElement Report, IReadOnlyList<string> ReplayedLive);

/// <summary>The JSON of the worker's lines and spec: the API's (camelCase, enums as names), so the report passes through unchanged.</summary>
public static class WhatIfJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
