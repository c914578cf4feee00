using Scoring.Model.Definition;
using Scoring.Model.Fit;

namespace Scoring.Grains.Leads;

public static class AccountKeys
{
    private const string GroupPrefix = "group:";
    private const string DomainPrefix = "domain:";

    /// <summary>The account a <c>group</c> call names.</summary>
    public static string FromGroup(string groupId) => GroupPrefix + groupId;

    /// <summary>Whether a key has the shape leads give their accounts: a prefix and something after it.</summary>
    public static bool IsWellFormed(string key) =>
        (key.StartsWith(GroupPrefix, StringComparison.Ordinal) && key.Length > GroupPrefix.Length)
        || (key.StartsWith(DomainPrefix, StringComparison.Ordinal) && key.Length > DomainPrefix.Length);

    /// <summary>The account a lead belongs to when no group call named one: its business email domain.</summary>
    public static string? FromEmail(string? email, ScoringModel model)
    {
        var domain = new LeadProfile { Email = email }.EmailDomain;
        return domain is null || model.IsFreeMail(domain) ? null : DomainPrefix + domain;
    }
}
