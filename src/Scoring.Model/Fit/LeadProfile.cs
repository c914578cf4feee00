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
        foreach (var name in names)
        {
            if (traits.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        }
        return null;
    }

    private static double? Number(string? text)
    {
        if (text is null) return null;
        // Tolerate what sites actually send: "1,200", "200+", "51-200" (take the lower bound).
        var cleaned = new string(text.TakeWhile(c => char.IsDigit(c) || c is ',' or '.' or ' ').ToArray()).Replace(",", "").Trim();
        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
