using System.Collections.Concurrent;
using Scoring.Model.Definition;

namespace Scoring.Model.Accounts;

/// <summary>Title and department to buying-committee persona: the first persona in the model's order that matches wins.</summary>
public sealed class PersonaMapper
{
    /// <summary>Distinct (title, department) pairs remembered; past it, mapping still works, just without the memo.</summary>
    private const int Remembered = 10_000;

    private readonly (PersonaDefinition Persona, KeywordMatcher? Titles, KeywordMatcher? Departments)[] _personas;
    private readonly KeywordMatcher? _excluded;
    // Every account evaluation maps each of its members (up to maxMembers, up to 14 regexes each), while sites send
    // few distinct titles: the answer is a pure function of its inputs, so it is remembered.
    private readonly ConcurrentDictionary<(string? Title, string? Department), PersonaDefinition?> _memo = new();

    public PersonaMapper(IEnumerable<PersonaDefinition> personas, IReadOnlyList<string> nonCommitteeTitles)
    {
        _excluded = nonCommitteeTitles.Count > 0 ? new KeywordMatcher(nonCommitteeTitles) : null;
        _personas = personas
            .Select(p => (p, p.Titles.Count > 0 ? new KeywordMatcher(p.Titles) : null, p.Departments.Count > 0 ? new KeywordMatcher(p.Departments) : null))
            .ToArray();
        All = [.. _personas.Select(p => p.Persona)];
    }

    public IReadOnlyList<PersonaDefinition> All { get; }

    public PersonaDefinition? Map(string? title, string? department)
    {
        if (_memo.TryGetValue((title, department), out var known)) return known;
        var persona = Match(title, department);
        if (_memo.Count < Remembered) _memo.TryAdd((title, department), persona);
        return persona;
    }

    public PersonaDefinition? ById(string? id) => id is null ? null : All.FirstOrDefault(p => p.Id == id);

    private PersonaDefinition? Match(string? title, string? department)
    {
        if (title is not null && _excluded?.IsMatch(title) == true) return null;
        foreach (var (persona, titles, departments) in _personas)
        {
            if (title is not null && titles?.IsMatch(title) == true) return persona;
            if (department is not null && departments?.IsMatch(department) == true) return persona;
        }
        return null;
    }
}
