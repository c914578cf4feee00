using Scoring.Model.Events;
using Scoring.Streams.Log;

namespace Scoring.Grains;

/// <summary>
/// The grain kinds and their streams. A grain's stream in the log has the grain's kind as namespace and its key as key;
/// the grain consumes it by implicit subscription, so sending to a grain is appending to that stream.
/// </summary>
public static class GrainKeys
{
    public const string Lead = "lead";
    public const string Visitor = "visitor";
    public const string Pod = "pod";
    public const string Account = "account";

    /// <summary>Every stream namespace a grain consumes: the stream provider parks entries for any other.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>([Lead, Visitor, Pod, Account]);

    public static StreamAddress LeadId(string userId) => new(Lead, userId);

    public static StreamAddress VisitorId(string anonymousId) => new(Visitor, anonymousId);

    public static StreamAddress PodId(string pod) => new(Pod, pod);

    /// <summary>An account by its key: <c>group:&lt;groupId&gt;</c> or <c>domain:&lt;business email domain&gt;</c>.</summary>
    public static StreamAddress AccountId(string accountKey) => new(Account, accountKey);

    /// <summary>A call with a userId belongs to that lead; an anonymous one to its visitor until identify links them.</summary>
    public static StreamAddress TargetOf(ClickEvent e) => e.Kind switch
    {
        EventKind.Alias => LeadId(e.UserId!),
        _ when e.UserId is not null => LeadId(e.UserId),
        _ => VisitorId(e.AnonymousId!),
    };
}
