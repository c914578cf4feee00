using Scoring.Model.Accounts;

namespace Scoring.Grains.Serialization;

/// <summary>What a lead tells its account, in Orleans' binary form: every counted event of a known lead sends one.</summary>
[GenerateSerializer]
public struct MemberSnapshotSurrogate
{
    [Id(0)] public string LeadId { get; set; }
    [Id(1)] public long Version { get; set; }
    [Id(2)] public DateTimeOffset AsOf { get; set; }
    [Id(3)] public string? Email { get; set; }
    [Id(4)] public string? Title { get; set; }
    [Id(5)] public string? Department { get; set; }
    [Id(6)] public double FitScore { get; set; }
    [Id(7)] public string FitGrade { get; set; }
    [Id(8)] public string Stage { get; set; }
    [Id(9)] public bool Disqualified { get; set; }
    [Id(10)] public string[] IntentRules { get; set; }
    [Id(11)] public double[] IntentValues { get; set; }
    [Id(12)] public DateTimeOffset[] IntentAsOf { get; set; }
    [Id(13)] public bool HasCompany { get; set; }
    [Id(14)] public bool CompanyFromGroup { get; set; }
    [Id(15)] public string? CompanyName { get; set; }
    [Id(16)] public string? Industry { get; set; }
    [Id(17)] public double? Employees { get; set; }
    [Id(18)] public double? Revenue { get; set; }
    [Id(19)] public string? Country { get; set; }
    [Id(20)] public string[] RecentLabels { get; set; }
    [Id(21)] public int[] RecentCounts { get; set; }
    [Id(22)] public DateTimeOffset[] RecentLastAt { get; set; }
}

[RegisterConverter]
public sealed class MemberSnapshotConverter : IConverter<MemberSnapshot, MemberSnapshotSurrogate>
{
    public MemberSnapshot ConvertFromSurrogate(in MemberSnapshotSurrogate s)
    {
        var (rules, values, asOf) = (s.IntentRules, s.IntentValues, s.IntentAsOf);
        var (labels, counts, lastAt) = (s.RecentLabels, s.RecentCounts, s.RecentLastAt);
        return new MemberSnapshot(s.LeadId, s.Version, s.AsOf, s.Email, s.Title, s.Department, s.FitScore, s.FitGrade, s.Stage, s.Disqualified,
            [.. Enumerable.Range(0, rules.Length).Select(i => new MemberIntent(rules[i], values[i], asOf[i]))],
            s.HasCompany ? new CompanyFacts(s.CompanyFromGroup, s.CompanyName, s.Industry, s.Employees, s.Revenue, s.Country) : null,
            [.. Enumerable.Range(0, labels.Length).Select(i => new MemberActivity(labels[i], counts[i], lastAt[i]))]);
    }

    public MemberSnapshotSurrogate ConvertToSurrogate(in MemberSnapshot m) => new()
    {
        LeadId = m.LeadId,
        Version = m.Version,
        AsOf = m.AsOf,
        Email = m.Email,
        Title = m.Title,
        Department = m.Department,
        FitScore = m.FitScore,
        FitGrade = m.FitGrade,
        Stage = m.Stage,
        Disqualified = m.Disqualified,
        IntentRules = [.. m.Intent.Select(i => i.RuleId)],
        IntentValues = [.. m.Intent.Select(i => i.Value)],
        IntentAsOf = [.. m.Intent.Select(i => i.AsOf)],
        HasCompany = m.Company is not null,
        CompanyFromGroup = m.Company?.FromGroup ?? false,
        CompanyName = m.Company?.Name,
        Industry = m.Company?.Industry,
        Employees = m.Company?.Employees,
        Revenue = m.Company?.Revenue,
        Country = m.Company?.Country,
        RecentLabels = [.. m.Recent.Select(r => r.Label)],
        RecentCounts = [.. m.Recent.Select(r => r.Count)],
        RecentLastAt = [.. m.Recent.Select(r => r.LastAt)],
    };
}
