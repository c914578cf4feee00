using Scoring.Model.Definition;

namespace Scoring.Model.Accounts;

/// <summary>Title and department to buying-committee persona: the first persona in the model's order that matches wins.</summary>
public sealed class PersonaMapper
{
    private readonly (PersonaDefinition Persona, KeywordMatcher? Titles, KeywordMatcher? Departments)[] _personas;

    private readonly KeywordMatcher? _excluded;

    public PersonaMapper(IEnumerable<PersonaDefinition> personas, IReadOnlyList<string> nonCommitteeTitles)
    {
        _excluded = nonCommitteeTitles.Count > 0 ? new KeywordMatcher(nonCommitteeTitles) : null;
        _personas = personas
            .Select(p => (p, p.Titles.Count > 0 ? new KeywordMatcher(p.Titles) : null, p.Departments.Count > 0 ? new KeywordMatcher(p.Departments) : null))
            .ToArray();
    }

    public IReadOnlyList<PersonaDefinition> All => [.. _personas.Select(p => p.Persona)];

    public PersonaDefinition? Map(string? title, string? department)
    {
        if (title is not null && _excluded?.IsMatch(title) == true) return null;
        foreach (var (persona, titles, departments) in _personas)
        {
            if (title is not null && titles?.IsMatch(title) == true) return persona;
            if (department is not null && departments?.IsMatch(department) == true) return persona;
        }
        return null;
    }

    public PersonaDefinition? ById(string? id) => id is null ? null : _personas.FirstOrDefault(p => p.Persona.Id == id).Persona;
}
