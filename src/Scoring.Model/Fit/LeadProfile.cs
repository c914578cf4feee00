using System.Globalization;
using Scoring.Model.Definition;

namespace Scoring.Model.Fit;

/// <summary>The explicit facts fit reads, resolved from flattened traits by the model's trait names.</summary>
public sealed record LeadProfile
{
    public string? Email { get; init; }
    public string? Title { get; init; }
    public string? CompanyName { get; init; }
    public string? Industry { get; init; }
    public double? Employees { get; init; }
    public string? Seniority { get; init; }
    public string? Department { get; init; }
    public string? Country { get; init; }
    public double? Revenue { get; init; }

    public static LeadProfile Empty { get; } = new();

    public string? EmailDomain => Email is { } e && e.LastIndexOf('@') is var at and > 0 && at < e.Length - 1
        ? e[(at + 1)..].Trim().ToLowerInvariant()
        : null;

    public static LeadProfile From(IReadOnlyDictionary<string, string> traits, TraitNames names) => new()
    {
        Email = First(traits, names.Email),
        Title = First(traits, names.Title),
        CompanyName = First(traits, names.CompanyName),
        Industry = First(traits, names.Industry),
        Employees = Number(First(traits, names.Employees)),
        Seniority = First(traits, names.Seniority),
        Department = First(traits, names.Department),
        Country = First(traits, names.Country),
        Revenue = Number(First(traits, names.Revenue)),
    };

    public string? Input(string name) => name switch
    {
        "title" => Title,
        "seniority" => Seniority,
        "department" => Department,
        "industry" => Industry,
        "country" => Country,
        "companyName" => CompanyName,
        _ => null,
    };

    public double? NumericInput(string name) => name switch
    {
        "employees" => Employees,
        "revenue" => Revenue,
        _ => null,
    };

    private static string? First(IReadOnlyDictionary<string, string> traits, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++) // by index: a profile is resolved on every event, and a foreach would allocate
        {
            if (traits.TryGetValue(names[i], out var value) && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        }
        return null;
    }

    private static double? Number(string? text)
    {
        if (text is null) return null;
        // Tolerate what sites actually send: "1,200", "200+", "51-200" (take the lower bound): the leading run of digits,
        // separators and spaces, without its commas.
        var length = 0;
        while (length < text.Length && (char.IsDigit(text[length]) || text[length] is ',' or '.' or ' ')) length++;
        Span<char> cleaned = length <= 64 ? stackalloc char[64] : new char[length];
        var kept = 0;
        foreach (var c in text.AsSpan(0, length))
        {
            if (c != ',') cleaned[kept++] = c;
        }
        return double.TryParse(cleaned[..kept].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
