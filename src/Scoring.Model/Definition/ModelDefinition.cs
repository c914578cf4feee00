namespace Scoring.Model.Definition;

/// <summary>The scoring model as ops edit it: a versioned JSON file. Plain data, validated by <see cref="ScoringModel"/>.</summary>
public sealed record ModelDefinition
{
    public required string Version { get; init; }
    public string? Description { get; init; }
    public required TraitNames Traits { get; init; }
    public required FitDefinition Fit { get; init; }
    public required IntentDefinition Intent { get; init; }
    public required QualificationDefinition Qualification { get; init; }
    public required AccountModelDefinition Accounts { get; init; }
}

/// <summary>Which Segment trait names (dotted for nested objects) feed each fit input, first present wins.</summary>
public sealed record TraitNames
{
    public IReadOnlyList<string> Email { get; init; } = ["email"];
    public IReadOnlyList<string> Title { get; init; } = ["title"];
    public IReadOnlyList<string> CompanyName { get; init; } = ["company.name"];
    public IReadOnlyList<string> Industry { get; init; } = ["company.industry"];
    public IReadOnlyList<string> Employees { get; init; } = ["company.employee_count"];
    public IReadOnlyList<string> Seniority { get; init; } = ["seniority"];
    public IReadOnlyList<string> Department { get; init; } = ["department"];
    public IReadOnlyList<string> Country { get; init; } = ["country"];
    public IReadOnlyList<string> Revenue { get; init; } = ["company.annual_revenue"];
}

public sealed record FitDefinition
{
    public required GradeCutoffs Grades { get; init; }
    public IReadOnlyList<FitDimensionDefinition> Dimensions { get; init; } = [];
    public required EmailDomainDefinition EmailDomain { get; init; }
    public IReadOnlyList<DisqualifierDefinition> Disqualifiers { get; init; } = [];
}

public sealed record GradeCutoffs(double A, double B, double C);

/// <summary>One fit dimension contributes the points of its first matching option (or range), else <see cref="Otherwise"/>.</summary>
public sealed record FitDimensionDefinition
{
    public required string Id { get; init; }
    /// <summary>Logical inputs (seniority, title, department, industry, country) tried in order; the first present is matched.</summary>
    public IReadOnlyList<string> Traits { get; init; } = [];
    /// <summary>A numeric input (employees, revenue) for <see cref="Ranges"/>.</summary>
    public string? Trait { get; init; }
    public IReadOnlyList<FitOptionDefinition> Options { get; init; } = [];
    public IReadOnlyList<FitRangeDefinition> Ranges { get; init; } = [];
    public FitOptionDefinition? Otherwise { get; init; }
}

public sealed record FitOptionDefinition
{
    public required string Id { get; init; }
    public IReadOnlyList<string> Match { get; init; } = [];
    public double Points { get; init; }
    public required string Label { get; init; }
}

public sealed record FitRangeDefinition
{
    public required string Id { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public double Points { get; init; }
    public required string Label { get; init; }
}

public sealed record EmailDomainDefinition
{
    public required FitOptionDefinition Business { get; init; }
    public required FitOptionDefinition FreeMail { get; init; }
    public IReadOnlyList<string> FreeMailDomains { get; init; } = [];
}

public sealed record DisqualifierDefinition
{
    public required string Id { get; init; }
    /// <summary><c>emailDomainSuffix</c>, <c>emailDomain</c> or <c>titleMatch</c>.</summary>
    public required string Kind { get; init; }
    public IReadOnlyList<string> Values { get; init; } = [];
    public required string Label { get; init; }
}

public sealed record IntentDefinition
{
    public IReadOnlyList<PageCategoryDefinition> PageCategories { get; init; } = [];
    public IReadOnlyList<IntentRuleDefinition> Rules { get; init; } = [];
}

public sealed record PageCategoryDefinition(string Category, IReadOnlyList<string> Prefixes);

public sealed record IntentRuleDefinition
{
    public required string Id { get; init; }
    /// <summary>Matches a page view of this category...</summary>
    public string? Page { get; init; }
    /// <summary>...or a track call with this event name (case-insensitive).</summary>
    public string? Track { get; init; }
    public double Points { get; init; }
    public double HalfLifeDays { get; init; }
    public int CapCount { get; init; }
    public double CapWindowHours { get; init; }
    public bool HandRaiser { get; init; }
    public required string Label { get; init; }
}

public sealed record QualificationDefinition
{
    public required Hysteresis Fit { get; init; }
    public required Hysteresis Intent { get; init; }
    /// <summary>How often a qualified lead is re-checked for decay when no event arrives.</summary>
    public double RecheckHours { get; init; } = 24;
}

/// <summary>Enter at or above <see cref="Enter"/>; stay while at or above <see cref="Exit"/>.</summary>
public sealed record Hysteresis(double Enter, double Exit);
