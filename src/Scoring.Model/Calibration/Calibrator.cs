using System.Globalization;
using Scoring.Model.Definition;

namespace Scoring.Model.Calibration;

/// <summary>
/// Suggests rule weights and the intent threshold from recorded outcomes: an L2-regularised logistic regression of
/// outcome (SQL and beyond vs rejected or lost) on which intent rules a lead scored on; each rule's points are scaled
/// by its odds ratio (kept within half and double), and the intent threshold is moved to where it best separates
/// good leads from bad (F1). The regularisation keeps rules with little evidence near their current weight.
/// </summary>
public static class Calibrator
{
    public const int MinimumOutcomes = 5;
    private const double Lambda = 1.0;
    private const int Iterations = 2000;
    private const double LearningRate = 0.1;

    public static CalibrationReport Suggest(ScoringModel model, IReadOnlyList<LeadEvidence> leads, string suggestedVersion)
    {
        var known = leads.Where(l => l.Outcome is not null).ToList();
        var positives = known.Count(l => l.Outcome == true);
        var negatives = known.Count - positives;
        if (known.Count < MinimumOutcomes || positives == 0 || negatives == 0)
        {
            return new CalibrationReport(model.Version, known.Count, positives, negatives,
                $"too little evidence: at least {MinimumOutcomes} leads with recorded outcomes, good and bad, are needed", [], null, null);
        }

        var rules = model.Rules.Where(r => !r.Definition.HandRaiser && known.Any(l => l.Rules.Contains(r.Id))).ToList();
        var weights = Fit(known, rules.Select(r => r.Id).ToList());
        var suggestions = rules.Select((rule, i) => Suggestion(rule.Definition, known, weights[i + 1])).ToList();
        var threshold = Threshold(model.Qualification.Intent.Enter, known);

        var suggested = model.Definition with
        {
            Version = suggestedVersion,
            Description = $"Calibrated from {known.Count} recorded outcomes on {model.Version}",
            Intent = model.Definition.Intent with
            {
                Rules = model.Definition.Intent.Rules
                    .Select(r => suggestions.FirstOrDefault(s => s.Rule == r.Id) is { } s ? r with { Points = s.SuggestedPoints } : r).ToList(),
            },
            Qualification = threshold.SuggestedEnter == threshold.Enter ? model.Qualification : model.Qualification with
            {
                Intent = new Hysteresis(threshold.SuggestedEnter,
                    Math.Round(threshold.SuggestedEnter * model.Qualification.Intent.Exit / model.Qualification.Intent.Enter, 1)),
            },
        };
        return new CalibrationReport(model.Version, known.Count, positives, negatives, null, suggestions, threshold, suggested);
    }

    /// <summary>Gradient descent on the L2-penalised log-loss; weight 0 is the intercept (not penalised).</summary>
    private static double[] Fit(List<LeadEvidence> leads, List<string> rules)
    {
        var weights = new double[rules.Count + 1];
        var rows = leads.Select(l => (X: rules.Select(r => l.Rules.Contains(r) ? 1.0 : 0.0).ToArray(), Y: l.Outcome == true ? 1.0 : 0.0)).ToList();
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var gradient = new double[weights.Length];
            foreach (var (x, y) in rows)
            {
                var z = weights[0];
                for (var j = 0; j < x.Length; j++) z += weights[j + 1] * x[j];
                var error = 1 / (1 + Math.Exp(-z)) - y;
                gradient[0] += error;
                for (var j = 0; j < x.Length; j++) gradient[j + 1] += error * x[j];
            }
            weights[0] -= LearningRate * gradient[0] / rows.Count;
            for (var j = 1; j < weights.Length; j++) weights[j] -= LearningRate * (gradient[j] + Lambda * weights[j]) / rows.Count;
        }
        return weights;
    }

    private static RuleSuggestion Suggestion(IntentRuleDefinition rule, List<LeadEvidence> leads, double coefficient)
    {
        var hit = leads.Where(l => l.Rules.Contains(rule.Id)).ToList();
        var reasons = hit.Where(l => l.RejectionReason is not null).GroupBy(l => l.RejectionReason!)
            .ToDictionary(g => g.Key, g => g.Count());
        var factor = Math.Clamp(Math.Exp(coefficient), 0.5, 2);
        var suggested = rule.Points <= 0 ? rule.Points : Math.Round(rule.Points * factor * 2, MidpointRounding.AwayFromZero) / 2;
        var positives = hit.Count(l => l.Outcome == true);
        var why = suggested > rule.Points ? $"leads that scored on it went on to SQL or beyond {positives} of {hit.Count} times: more weight"
            : suggested < rule.Points ? $"leads that scored on it were rejected or lost {hit.Count - positives} of {hit.Count} times" +
                (reasons.Count > 0 ? $" ({string.Join(", ", reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}"))})" : "") + ": less weight"
            : "no clear signal either way: unchanged";
        return new RuleSuggestion(rule.Id, rule.Label, positives, hit.Count - positives, reasons, Math.Round(coefficient, 4), rule.Points, suggested, why);
    }

    /// <summary>The intent threshold with the best F1 over the leads' peak intent, among the values they reached and the current one.</summary>
    private static ThresholdSuggestion Threshold(double current, List<LeadEvidence> leads)
    {
        double F1(double enter)
        {
            var truePositives = leads.Count(l => l.PeakIntent >= enter && l.Outcome == true);
            var predicted = leads.Count(l => l.PeakIntent >= enter);
            var actual = leads.Count(l => l.Outcome == true);
            return truePositives == 0 ? 0 : 2.0 * truePositives / (predicted + actual);
        }
        var best = leads.Select(l => Math.Floor(l.PeakIntent)).Append(current).Where(v => v > 0).Distinct()
            .OrderByDescending(F1).ThenBy(v => Math.Abs(v - current)).First();
        var now = F1(current);
        var then = F1(best);
        var why = then > now
            ? string.Create(CultureInfo.InvariantCulture, $"at {best:0.#} the threshold separates good leads from bad better (F1 {then:0.00} against {now:0.00})")
            : "the current threshold separates good leads from bad as well as any";
        return new ThresholdSuggestion(current, then > now ? best : current, Math.Round(now, 4), Math.Round(then, 4), why);
    }
}
