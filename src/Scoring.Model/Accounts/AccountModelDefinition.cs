namespace Scoring.Model.Definition;

/// <summary>
/// How accounts are scored: firmographic fit from <c>group</c> traits, the buying-committee personas, the account
/// intent (each member's decayed intent, with diminishing returns per additional person) and the MQA levels.
/// </summary>
public sealed record AccountModelDefinition
{
    /// <summary>For the people editing the file: how the persona mapping reads.</summary>
    public string? Description { get; init; }
    public required AccountFitDefinition Fit { get; init; }
    /// <summary>Tried in order; a member takes the first persona whose titles or departments match. Nobody matches: no persona.</summary>
    public IReadOnlyList<PersonaDefinition> Personas { get; init; } = [];
    /// <summary>Titles that never sit on a buying committee (interns, students): such a member gets no persona.</summary>
    public IReadOnlyList<string> NonCommitteeTitles { get; init; } = [];
    public required AccountIntentDefinition Intent { get; init; }
    public required MqaDefinition Qualification { get; init; }
    /// <summary>
    /// The most members an account keeps in its rollup. Beyond it the least engaged member is dropped (they come back
    /// when they do something). A buying committee is a handful of people; this bounds the state of a company whose
    /// whole staff reads the blog.
    /// </summary>
    public int MaxMembers { get; init; } = 50;
}

/// <summary>Firmographic dimensions (industry, employees, revenue, country) read from the company, not the person.</summary>
public sealed record AccountFitDefinition
{
    public required GradeCutoffs Grades { get; init; }
    public IReadOnlyList<FitDimensionDefinition> Dimensions { get; init; } = [];
}

public sealed record PersonaDefinition
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    /// <summary>Whole-word keywords matched against the job title.</summary>
    public IReadOnlyList<string> Titles { get; init; } = [];
    /// <summary>Whole-word keywords matched against the department trait.</summary>
    public IReadOnlyList<string> Departments { get; init; } = [];
}

public sealed record AccountIntentDefinition
{
    /// <summary>
    /// Members are ranked by their own decayed intent; the first counts in full and each next one is multiplied by
    /// this factor once more (1, f, f^2, ...), so five lurkers do not outweigh two people evaluating seriously.
    /// </summary>
    public double AdditionalPersonFactor { get; init; } = 0.5;
    /// <summary>At most this many people count toward account intent.</summary>
    public int MaxPeople { get; init; } = 10;
    /// <summary>A member is engaged (their persona counts as covered) while their decayed intent is at least this.</summary>
    public double EngagedIntent { get; init; } = 10;
}

/// <summary>
/// MQA: account fit passes AND (enough distinct personas are engaged OR account intent passes). Each level has an
/// entry and a lower exit value, so an account does not flap in and out as its members' intent decays.
/// </summary>
public sealed record MqaDefinition
{
    public required Hysteresis Fit { get; init; }
    public required Hysteresis Personas { get; init; }
    public required Hysteresis Intent { get; init; }
    /// <summary>How often a qualified account is re-checked for decay when none of its members does anything.</summary>
    public double RecheckHours { get; init; } = 24;
}
