namespace Scoring.Model.Fit;

/// <summary>One fit rule that applied: its id, what it means in words, and its points.</summary>
public sealed record FitContribution(string RuleId, string Label, double Points);

public sealed record FitResult(
    double Score,
    char Grade,
    IReadOnlyList<FitContribution> Contributions,
    IReadOnlyList<FitContribution> Disqualifiers)
{
    public bool IsDisqualified => Disqualifiers.Count > 0;

    public static FitResult Empty { get; } = new(0, 'D', [], []);
}
