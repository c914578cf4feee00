using Scoring.Model.Accounts;
using static Scoring.Testing.Events;

namespace Scoring.Testing;

/// <summary>Member snapshots as a lead would send them, reduced to what a test is about.</summary>
public static class Members
{
    public static readonly CompanyFacts Northwind = new(true, "Northwind", "Software", 200, 20_000_000, "US");

    /// <summary>A member whose intent is one pricing total of <paramref name="pricing"/> points as of <paramref name="asOf"/>.</summary>
    public static MemberSnapshot Member(string leadId, string? title, double pricing, DateTimeOffset? asOf = null, long version = 1,
        CompanyFacts? company = null, string? department = null, bool disqualified = false)
    {
        var at = asOf ?? Start;
        return new MemberSnapshot(leadId, version, at, leadId + "@northwind.io", title, department, 80, "A", "Lead", disqualified,
            pricing > 0 ? [new MemberIntent("page.pricing", pricing, at)] : [], company ?? Northwind, []);
    }
}
