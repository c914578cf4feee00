namespace Scoring.Model.Accounts;

/// <summary>
/// What a lead tells its account: its latest absolute state, numbered by the lead (invariant 6). The account keeps the
/// highest version per member, so a repeat or a late older snapshot changes nothing.
/// </summary>
/// <param name="AsOf">The lead's event-time clock: its intent values are decayed from here.</param>
public sealed record MemberSnapshot(
    string LeadId,
    long Version,
    DateTimeOffset AsOf,
    string? Email,
    string? Title,
    string? Department,
    double FitScore,
    string FitGrade,
    string Stage,
    bool Disqualified,
    IReadOnlyList<MemberIntent> Intent,
    CompanyFacts? Company,
    IReadOnlyList<MemberActivity> Recent);

/// <summary>One intent rule's decaying total for the member, as of <see cref="AsOf"/>: the account decays it on with the rule's half-life.</summary>
public sealed record MemberIntent(string RuleId, double Value, DateTimeOffset AsOf);

/// <summary>Firmographics as one member saw them; <see cref="FromGroup"/> when they came from a <c>group</c> call (which wins).</summary>
public sealed record CompanyFacts(bool FromGroup, string? Name, string? Industry, double? Employees, double? Revenue, string? Country)
{
    /// <summary>The company as fit scoring and routing read a profile.</summary>
    public Fit.LeadProfile ToProfile() => new()
    {
        CompanyName = Name, Industry = Industry, Employees = Employees, Revenue = Revenue, Country = Country,
    };
}

/// <summary>Something the member did lately, in words: what the committee picture shows.</summary>
public sealed record MemberActivity(string Label, int Count, DateTimeOffset LastAt);
