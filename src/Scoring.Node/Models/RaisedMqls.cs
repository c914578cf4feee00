using System.Text.Json;
using Scoring.Grains.Journal;
using Scoring.Grains.Leads;

namespace Scoring.Node.Models;

/// <summary>The MQLs the alert table says were raised live in a window: what the live versions' replay must reproduce.</summary>
public static class RaisedMqls
{
    private const int Page = 1000;

    /// <summary>
    /// Lead and episode (the alert id ends in it) of every MQL alert qualified in [<paramref name="from"/>, <paramref name="to"/>).
    /// The whole table is read (an alert's creation says nothing certain about when it qualified), a page at a time, each
    /// once <paramref name="gate"/> lets the replay go on.
    /// </summary>
    public static async Task<HashSet<string>> ReadAsync(IJournalStore alerts, DateTimeOffset from, DateTimeOffset to, WhatIfGate gate, CancellationToken cancellationToken)
    {
        var raised = new HashSet<string>(StringComparer.Ordinal);
        var next = 1L;
        while (true)
        {
            await gate.PassAsync(cancellationToken);
            var page = await alerts.ReadAlertsFromAsync(next, Page, cancellationToken);
            if (page.Count == 0) return raised;
            foreach (var stored in page)
            {
                if (stored.Alert.Kind != LeadDecider.MqlAlertKind) continue;
                var alert = JsonSerializer.Deserialize(stored.Alert.Payload, Grains.Messages.GrainJson.Default.MqlAlert)!;
                var episode = alert.AlertId[(alert.AlertId.LastIndexOf(':') + 1)..];
                if (alert.QualifiedAt >= from && alert.QualifiedAt < to) raised.Add(WhatIfReplay.MqlKey(alert.LeadId, episode));
            }
            next = page[^1].Seq + 1;
        }
    }
}
