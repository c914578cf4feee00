namespace Scoring.Model.Qualification;

using Scoring.Model.Definition;

/// <summary>
/// Fit AND intent, with hysteresis: enter at the entry levels, stay while both are above the exit levels.
/// A hand-raiser qualifies at once unless hard-disqualified: declared intent beats any score.
/// </summary>
public static class QualificationPolicy
{
    public const string ViaScores = "scores";
    public const string ViaHandRaiser = "hand-raiser";

    public static QualificationChange? Evaluate(LeadScoreState state, double intent, ScoringModel model)
    {
        var rules = model.Qualification;
        var fit = state.FitScore;
        if (state.Disqualifiers.Count > 0)
        {
            return state.Qualified ? Exit(state, $"Hard-disqualified: {string.Join(", ", state.Disqualifiers)}") : null;
        }
        if (state.HandRaisedAt is not null)
        {
            return state.Qualified ? null : Enter(state, ViaHandRaiser, "Hand-raiser: asked for sales contact");
        }
        if (state.Qualified)
        {
            if (fit < rules.Fit.Exit) return Exit(state, $"Fit {fit:0} fell below the exit level {rules.Fit.Exit:0}");
            if (intent < rules.Intent.Exit) return Exit(state, $"Intent {intent:0.#} decayed below the exit level {rules.Intent.Exit:0}");
            return null;
        }
        return fit >= rules.Fit.Enter && intent >= rules.Intent.Enter
            ? Enter(state, ViaScores, $"Fit {fit:0} >= {rules.Fit.Enter:0} and intent {intent:0.#} >= {rules.Intent.Enter:0}")
            : null;
    }

    private static QualificationChange Enter(LeadScoreState state, string via, string reason)
    {
        state.Qualified = true;
        state.QualifiedVia = via;
        return new QualificationChange(QualificationDirection.Entered, via, reason);
    }

    private static QualificationChange Exit(LeadScoreState state, string reason)
    {
        var via = state.QualifiedVia ?? ViaScores;
        state.Qualified = false;
        state.QualifiedVia = null;
        return new QualificationChange(QualificationDirection.Exited, via, reason);
    }
}
