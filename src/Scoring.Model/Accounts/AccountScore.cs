using Scoring.Model.Definition;
using Scoring.Model.Fit;

namespace Scoring.Model.Accounts;

/// <summary>An account's rollup at one moment: company, fit, intent, and who covers which persona.</summary>
public sealed record AccountScore(
    DateTimeOffset At,
    CompanyFacts Company,
    FitResult Fit,
    double Intent,
    IReadOnlyList<MemberStanding> Members,
    IReadOnlyList<PersonaCoverage> Engaged,
    IReadOnlyList<PersonaDefinition> Missing);

/// <summary>
/// One member within the rollup: their persona, decayed intent, whether they are engaged, and the weight their intent
/// got in the account intent (1 for the most active person, then the diminishing factor per extra person). A value,
/// not an object: an account computes one per member on every member's update (decision 72).
/// </summary>
public readonly record struct MemberStanding(MemberSnapshot Member, PersonaDefinition? Persona, double Intent, bool Engaged, double Weight);

/// <summary>A persona the committee covers, and the engaged members who cover it (most active first).</summary>
public sealed record PersonaCoverage(string Persona, string Label, IReadOnlyList<string> Members);
