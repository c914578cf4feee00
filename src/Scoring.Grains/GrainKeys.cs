using Scoring.Model.Events;
using Scoring.Runtime.Addressing;

namespace Scoring.Grains;

public static class GrainKeys
{
    public const string Lead = "lead";
    public const string Visitor = "visitor";
    public const string Pod = "pod";
    public const string Account = "account";

    public static GrainId LeadId(string userId) => new(Lead, userId);

    public static GrainId VisitorId(string anonymousId) => new(Visitor, anonymousId);

    public static GrainId PodId(string pod) => new(Pod, pod);

    /// <summary>An account by its key: <c>group:&lt;groupId&gt;</c> or <c>domain:&lt;business email domain&gt;</c>.</summary>
    public static GrainId AccountId(string accountKey) => new(Account, accountKey);

    /// <summary>A call with a userId belongs to that lead; an anonymous one to its visitor until identify links them.</summary>
    public static GrainId TargetOf(ClickEvent e) => e.Kind switch
    {
        EventKind.Alias => LeadId(e.UserId!),
        _ when e.UserId is not null => LeadId(e.UserId),
        _ => VisitorId(e.AnonymousId!),
    };
}
