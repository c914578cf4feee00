using System.Globalization;
using System.Text.Json;
using Scoring.Grains.Journal;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Grains.Models;
using Scoring.Model;
using Scoring.Model.Calibration;
using Scoring.Model.Handoff;

namespace Scoring.Node.Models;

/// <summary>
/// Gathers the evidence for calibration from the journals every lead keeps (its score ledger: the rules it scored on;
/// its stage history: what reps and the CRM recorded, and why a rep rejected it), and asks the calibrator for
/// suggestions on the latest version. Suggestions become a draft only when a manager asks.
/// </summary>
public sealed class CalibrationService(IJournalStore journal, LiveModels live, TimeProvider clock)
{
    private const int Page = 5000;

    public async Task<CalibrationReport> SuggestAsync(CancellationToken cancellationToken)
    {
        var rules = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var peaks = new Dictionary<string, double>(StringComparer.Ordinal);
        await foreach (var entry in ScanAsync(LeadDecider.LedgerStream, cancellationToken))
        {
            var ledger = JsonSerializer.Deserialize(entry.Payload, GrainJson.Default.LedgerEntry)!;
            if (ledger.Layer != LeadScoring.LayerIntent || ledger.Points <= 0) continue;
            (rules.TryGetValue(entry.Key, out var hit) ? hit : rules[entry.Key] = new HashSet<string>(StringComparer.Ordinal)).Add(ledger.RuleId);
            peaks[entry.Key] = peaks.GetValueOrDefault(entry.Key) + ledger.Points;
        }

        var outcomes = new Dictionary<string, (bool? Outcome, string? Reason)>(StringComparer.Ordinal);
        await foreach (var entry in ScanAsync(LeadDecider.StageStream, cancellationToken))
        {
            var step = JsonSerializer.Deserialize(entry.Payload, GrainJson.Default.StageTransition)!;
            if (step.Kind != "stage") continue;
            var outcome = Stages.Outcome(step.To);
            // The latest recorded outcome stands; a later stage without one (recycled, requalified) leaves it.
            if (outcome is not null) outcomes[entry.Key] = (outcome, step.To == Stages.Rejected ? step.Reason : null);
        }

        var evidence = rules.Select(r => new LeadEvidence(r.Key, r.Value, peaks[r.Key],
            outcomes.GetValueOrDefault(r.Key).Outcome, outcomes.GetValueOrDefault(r.Key).Reason)).ToList();
        var latest = live.Latest;
        var name = $"{latest.Version}-calibrated-{clock.GetUtcNow().ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}";
        return Calibrator.Suggest(latest, evidence, name);
    }

    private async IAsyncEnumerable<JournalEntry> ScanAsync(string stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (key, seq) = ("", 0L);
        while (true)
        {
            var page = await journal.ScanJournalAsync(stream, key, seq, Page, cancellationToken);
            foreach (var entry in page) yield return entry;
            if (page.Count < Page) yield break;
            (key, seq) = (page[^1].Key, page[^1].Seq);
        }
    }
}
