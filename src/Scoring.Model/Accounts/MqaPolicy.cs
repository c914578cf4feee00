using Scoring.Model.Qualification;

namespace Scoring.Model.Accounts;

/// <summary>
/// Marketing qualified account: firmographic fit AND (enough distinct personas engaged OR account intent), entered at
/// the entry levels and kept while above the exit levels (hysteresis, as for leads).
/// </summary>
public static class MqaPolicy
{
    public const string ViaCommittee = "committee";
    public const string ViaIntent = "intent";

    /// <param name="qualified">Whether the account is an MQA now; the answer says whether that changes.</param>
    public static QualificationChange? Evaluate(bool qualified, AccountScore score, Definition.ScoringModel model)
    {
        var levels = model.Accounts.Qualification;
        var fit = score.Fit.Score;
        var personas = score.Engaged.Count;
        var intent = score.Intent;
        if (!qualified)
        {
            if (fit < levels.Fit.Enter) return null;
            if (personas >= levels.Personas.Enter)
                return new(QualificationDirection.Entered, ViaCommittee,
                    $"Fit {fit:0} >= {levels.Fit.Enter:0} and {personas} personas engaged (>= {levels.Personas.Enter:0})");
            if (intent >= levels.Intent.Enter)
                return new(QualificationDirection.Entered, ViaIntent,
                    $"Fit {fit:0} >= {levels.Fit.Enter:0} and account intent {intent:0.#} >= {levels.Intent.Enter:0}");
            return null;
        }
        if (fit < levels.Fit.Exit)
            return new(QualificationDirection.Exited, ViaCommittee, $"Account fit {fit:0} fell below the exit level {levels.Fit.Exit:0}");
        if (personas < levels.Personas.Exit && intent < levels.Intent.Exit)
            return new(QualificationDirection.Exited, ViaCommittee,
                $"Engaged personas fell to {personas} (exit below {levels.Personas.Exit:0}) and account intent {intent:0.#} is below {levels.Intent.Exit:0}");
        return null;
    }
}
