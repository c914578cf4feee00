using System.Text.RegularExpressions;

namespace Scoring.Model.Definition;

/// <summary>Whole-word, case-insensitive keyword match, so "vp" matches "VP of Sales" but not "mvp".</summary>
public sealed class KeywordMatcher
{
    private readonly Regex _regex;

    public KeywordMatcher(IEnumerable<string> keywords)
    {
        var alternatives = string.Join("|", keywords.OrderByDescending(k => k.Length).Select(Regex.Escape));
        _regex = new Regex($"(?<![\\p{{L}}\\p{{N}}])(?:{alternatives})(?![\\p{{L}}\\p{{N}}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public bool IsMatch(string text) => _regex.IsMatch(text);
}
