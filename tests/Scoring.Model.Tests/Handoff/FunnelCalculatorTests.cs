using Scoring.Model.Handoff;
using Scoring.Model.Reporting;

namespace Scoring.Model.Tests.Handoff;

/// <summary>The funnel against a fixture whose figures are worked out by hand in the comments.</summary>
public sealed class FunnelCalculatorTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AsOf = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset T(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static LifecycleRecord Stage(DateTimeOffset at, string from, string to, string source, string model, string? reason = null, decimal? amount = null) =>
        new(at, "stage", from, to, reason ?? "", 1, "p", null, source, model, null, amount);

    private static LifecycleRecord Assigned(DateTimeOffset at, string rep, DateTimeOffset due) => new(at, "assigned", "MQL", "MQL", "round robin", 1, "p", rep, null, null, due, null);

    private static LifecycleRecord Touch(DateTimeOffset at) => new(at, "touch", "MQL", "MQL", "call", 1, "p", null, null, null, null, null);

    private static LifecycleRecord Breach(DateTimeOffset at) => new(at, "breach", "MQL", "MQL", "late", 1, "p", null, null, null, at, null);

    private static List<IReadOnlyList<LifecycleRecord>> Fixture() =>
    [
        // A: google/cpc, v1, r1. Touched 30 min after assignment (SLA met), accepted, SQL, opportunity 10,000, won 12,000.
        [
            Stage(T(2, 10), Stages.Lead, Stages.Mql, "google/cpc", "v1"), Assigned(T(2, 10), "r1", T(2, 11)), Touch(T(2, 10, 30)),
            Stage(T(2, 12), Stages.Mql, Stages.Sal, "google/cpc", "v1"), Stage(T(3, 12), Stages.Sal, Stages.Sql, "google/cpc", "v1"),
            Stage(T(5, 12), Stages.Sql, Stages.Opportunity, "google/cpc", "v1", amount: 10_000),
            Stage(T(10, 12), Stages.Opportunity, Stages.Won, "google/cpc", "v1", amount: 12_000),
        ],
        // B: google/cpc, v1, r2. Touched 120 min after assignment (SLA missed), rejected too_early.
        [
            Stage(T(4, 9), Stages.Lead, Stages.Mql, "google/cpc", "v1"), Assigned(T(4, 9), "r2", T(4, 10)), Touch(T(4, 11)),
            Stage(T(4, 11, 30), Stages.Mql, Stages.Rejected, "google/cpc", "v1", "too_early"),
        ],
        // C: direct, v2. r1 missed the 09:00 deadline, reassigned to r2, touched at 09:20 (80 min after the first assignment), accepted.
        [
            Stage(T(6, 8), Stages.Lead, Stages.Mql, "direct", "v2"), Assigned(T(6, 8), "r1", T(6, 9)), Breach(T(6, 9)),
            Assigned(T(6, 9), "r2", T(6, 10)), Touch(T(6, 9, 20)), Stage(T(6, 9, 40), Stages.Mql, Stages.Sal, "direct", "v2"),
        ],
        // D: qualified in October: outside the range.
        [Stage(new DateTimeOffset(2026, 10, 30, 12, 0, 0, TimeSpan.Zero), Stages.Lead, Stages.Mql, "direct", "v2")],
        // E: linkedin, v1, r1, qualified on the 29th, due after the report's time and not yet touched: not counted for SLA.
        [Stage(T(29, 12), Stages.Lead, Stages.Mql, "linkedin", "v1"), Assigned(T(29, 12), "r1", T(30, 12))],
    ];

    [Fact]
    public void The_whole_funnel_matches_the_hand_computed_figures()
    {
        var report = FunnelCalculator.Compute(Fixture(), new FunnelFilter(From, To, null, null), AsOf);

        Assert.Equal(4, report.Mqls); // A, B, C, E
        Assert.Equal(new Dictionary<string, int> { ["direct"] = 1, ["google/cpc"] = 2, ["linkedin"] = 1 }, report.MqlsBySource);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 3, ["v2"] = 1 }, report.MqlsByModelVersion);
        Assert.Equal((2, 0.5), (report.Accepted, report.AcceptanceRate)); // A, C of 4
        Assert.Equal((1, 0.25), (report.Sqls, report.MqlToSqlRate));      // A of 4
        Assert.Equal(new Dictionary<string, int> { ["too_early"] = 1 }, report.RejectionReasons);
        // First touch: 30, 120, 80 minutes -> sorted 30, 80, 120: median (rank 2) 80, p90 (rank 3) 120.
        Assert.Equal((3, 80.0, 120.0), (report.Touched, report.FirstTouchMedianMinutes, report.FirstTouchP90Minutes));
        // SLA: A met; B and C missed; E still running.
        Assert.Equal((3, 1, 0.3333), (report.SlaDue, report.SlaMet, report.SlaAdherence));
        Assert.Equal(1, report.Breaches);
        // MQL lasted 2 h (A), 2.5 h (B), 1 h 40 (C): median 2, mean 2.056.
        Assert.Equal(new StageTime(3, 2, 2.056), report.TimeInStage[Stages.Mql]);
        Assert.Equal(new StageTime(1, 24, 24), report.TimeInStage[Stages.Sal]);
        Assert.Equal(new StageTime(1, 120, 120), report.TimeInStage[Stages.Opportunity]);
        Assert.Equal(new Revenue(10_000, 12_000, 1, 1), report.RevenueBySource["google/cpc"]);
        Assert.Equal(new Revenue(0, 0, 0, 0), report.RevenueBySource["direct"]);
    }

    [Fact]
    public void Filters_narrow_to_the_time_range_and_the_current_rep()
    {
        var r2 = FunnelCalculator.Compute(Fixture(), new FunnelFilter(From, To, null, "r2"), AsOf);
        Assert.Equal(2, r2.Mqls); // B, and C after its reassignment
        Assert.Equal(1, r2.Accepted);

        var firstWeek = FunnelCalculator.Compute(Fixture(), new FunnelFilter(From, T(8, 0), "p", null), AsOf);
        Assert.Equal(3, firstWeek.Mqls); // A, B, C
        Assert.Equal(0, FunnelCalculator.Compute(Fixture(), new FunnelFilter(From, To, "other-pod", null), AsOf).Mqls);
    }

    [Fact]
    public void An_empty_range_has_no_rates_rather_than_zero_ones()
    {
        var report = FunnelCalculator.Compute(Fixture(), new FunnelFilter(T(20, 0), T(21, 0), null, null), AsOf);
        Assert.Equal(0, report.Mqls);
        Assert.Null(report.AcceptanceRate);
        Assert.Null(report.FirstTouchMedianMinutes);
    }
}
