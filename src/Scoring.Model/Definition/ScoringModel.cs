namespace Scoring.Model.Definition;

/// <summary>A validated model, with its matchers compiled once. Immutable and shared by every grain.</summary>
public sealed class ScoringModel
{
    private readonly Dictionary<string, IntentRule> _trackRules;
    private readonly Dictionary<string, IntentRule> _pageRules;
    private readonly Dictionary<string, IntentRule> _rulesById;
    private readonly (string Category, string Prefix)[] _pagePrefixes;

    public ScoringModel(ModelDefinition definition)
    {
        Definition = definition;
        Version = definition.Version;
        FreeMailDomains = definition.Fit.EmailDomain.FreeMailDomains.ToHashSet(StringComparer.OrdinalIgnoreCase);
        Dimensions = definition.Fit.Dimensions.Select(d => new FitDimension(d)).ToArray();
        Disqualifiers = definition.Fit.Disqualifiers.Select(d => new Disqualifier(d)).ToArray();
        Rules = definition.Intent.Rules.Select(r => new IntentRule(r)).ToArray();
        // Rule ids are unique (the validator says so); the first wins, as a scan of Rules would find it.
        _rulesById = Rules.DistinctBy(r => r.Id, StringComparer.Ordinal).ToDictionary(r => r.Id, StringComparer.Ordinal);
        _trackRules = Rules.Where(r => r.Definition.Track is not null)
            .ToDictionary(r => r.Definition.Track!, StringComparer.OrdinalIgnoreCase);
        _pageRules = Rules.Where(r => r.Definition.Page is not null)
            .ToDictionary(r => r.Definition.Page!, StringComparer.OrdinalIgnoreCase);
        AccountDimensions = definition.Accounts.Fit.Dimensions.Select(d => new FitDimension(d)).ToArray();
        Personas = new Accounts.PersonaMapper(definition.Accounts.Personas, definition.Accounts.NonCommitteeTitles);
        _pagePrefixes = definition.Intent.PageCategories
            .SelectMany(c => c.Prefixes.Select(p => (c.Category, p.TrimEnd('/').ToLowerInvariant())))
            .ToArray();
    }

    public ModelDefinition Definition { get; }
    public string Version { get; }
    public IReadOnlySet<string> FreeMailDomains { get; }
    public IReadOnlyList<FitDimension> Dimensions { get; }
    public IReadOnlyList<Disqualifier> Disqualifiers { get; }
    public IReadOnlyList<IntentRule> Rules { get; }
    public TraitNames Traits => Definition.Traits;
    public QualificationDefinition Qualification => Definition.Qualification;
    public AccountModelDefinition Accounts => Definition.Accounts;
    public IReadOnlyList<FitDimension> AccountDimensions { get; }
    public Accounts.PersonaMapper Personas { get; }

    /// <summary>Page category by path, first listed prefix that matches a whole path segment wins.</summary>
    public string? ClassifyPath(string? path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        var lower = path.ToLowerInvariant();
        foreach (var (category, prefix) in _pagePrefixes)
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal)
                && (lower.Length == prefix.Length || lower[prefix.Length] is '/' or '?' or '#' or '-' or '.'))
                return category;
        }
        return null;
    }

    public IntentRule? RuleForTrack(string? eventName) =>
        eventName is not null && _trackRules.TryGetValue(eventName, out var rule) ? rule : null;

    public IntentRule? RuleForPage(string? path) =>
        ClassifyPath(path) is { } category && _pageRules.TryGetValue(category, out var rule) ? rule : null;

    /// <summary>A rule by its id: a lookup, because account rollups ask for every member's every rule on each update.</summary>
    public IntentRule? RuleById(string id) => _rulesById.GetValueOrDefault(id);

    public bool IsFreeMail(string? domain) => domain is not null && FreeMailDomains.Contains(domain);
}

public sealed class FitDimension(FitDimensionDefinition definition)
{
    public FitDimensionDefinition Definition { get; } = definition;
    public IReadOnlyList<(FitOptionDefinition Option, KeywordMatcher Matcher)> Options { get; } =
        definition.Options.Select(o => (o, new KeywordMatcher(o.Match))).ToArray();
}

public sealed class Disqualifier(DisqualifierDefinition definition)
{
    public DisqualifierDefinition Definition { get; } = definition;
    public KeywordMatcher TitleMatcher { get; } = new(definition.Values);
}

public sealed class IntentRule(IntentRuleDefinition definition)
{
    public IntentRuleDefinition Definition { get; } = definition;
    public string Id => Definition.Id;
    public TimeSpan HalfLife { get; } = TimeSpan.FromDays(definition.HalfLifeDays);
    public TimeSpan CapWindow { get; } = TimeSpan.FromHours(definition.CapWindowHours);
}
