using Scoring.Model.Definition;
using Scoring.Model.Fit;

namespace Scoring.Grains.Leads;

public static class AccountKeys
{
    /// <summary>The account a lead belongs to when no group call named one: its business email domain.</summary>
    public static string? FromEmail(string? email, ScoringModel model)
    {
        var domain = new LeadProfile { Email = email }.EmailDomain;
        return domain is null || model.IsFreeMail(domain) ? null : "domain:" + domain;
    }
}
