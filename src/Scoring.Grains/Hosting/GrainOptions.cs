namespace Scoring.Grains.Hosting;

/// <summary>How the grains' shells reach their streams and wake themselves.</summary>
public sealed class GrainOptions
{
    /// <summary>The stream provider whose streams feed the grains (<c>AddLogStreams</c>).</summary>
    public string StreamProvider { get; set; } = "log";

    /// <summary>The grain storage provider grains keep their state in.</summary>
    public const string StorageProvider = "grains";

    /// <summary>
    /// How often a wake-up reminder repeats once due until the grain has handled its tick: after a failover, a deadline
    /// that passed while no silo owned the grain fires within this (Orleans requires at least its MinimumReminderPeriod).
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A wake-up closer than this also gets an in-memory grain timer, for precision inside the reminder's minute.</summary>
    public TimeSpan TimerHorizon { get; set; } = TimeSpan.FromMinutes(10);
}
