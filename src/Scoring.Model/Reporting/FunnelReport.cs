namespace Scoring.Model.Reporting;

/// <summary>The funnel of the MQLs in a time range: volume, conversion, speed and SLA, reasons, time in stage, revenue.</summary>
public sealed record FunnelReport(
    FunnelFilter Filter,
    int Mqls,
    IReadOnlyDictionary<string, int> MqlsBySource,
    IReadOnlyDictionary<string, int> MqlsByModelVersion,
    int Accepted,
    double? AcceptanceRate,
    int Rejected,
    IReadOnlyDictionary<string, int> RejectionReasons,
    int Sqls,
    double? MqlToSqlRate,
    int Touched,
    double? FirstTouchMedianMinutes,
    double? FirstTouchP90Minutes,
    int SlaDue,
    int SlaMet,
    double? SlaAdherence,
    int Breaches,
    IReadOnlyDictionary<string, StageTime> TimeInStage,
    IReadOnlyDictionary<string, Revenue> RevenueBySource);

/// <summary>How long leads stayed in a stage before moving on (stays still open are not counted).</summary>
public sealed record StageTime(int Count, double MedianHours, double MeanHours);

public sealed record Revenue(decimal Pipeline, decimal Won, int Opportunities, int WonDeals);
