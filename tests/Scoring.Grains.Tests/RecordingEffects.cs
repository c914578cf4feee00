using Scoring.Grains.Decisions;
using Scoring.Grains.Journal;
using Scoring.Grains.Messages;
using Scoring.Streams.Log;

namespace Scoring.Grains.Tests;

/// <summary>Captures a decision's effects so a test can run one grain's decider directly and read what it did.</summary>
internal sealed class RecordingEffects(StreamAddress self) : IEffects
{
    public StreamAddress Self { get; } = self;
    public List<(StreamAddress Target, GrainMessage Message)> Sent { get; } = [];
    public List<AlertRecord> Alerts { get; } = [];
    public List<JournalEntry> Journal { get; } = [];
    public List<(SlaVerdict Verdict, string Priority)> Deadlines { get; } = [];

    /// <summary>What a lead asked its pod to route: the MQL alerts, before a rep is chosen.</summary>
    public List<RouteLead> Routed => Sent.Where(s => s.Target.Namespace == GrainKeys.Pod).Select(s => s.Message).OfType<RouteLead>().ToList();

    public void Send(StreamAddress target, GrainMessage message) => Sent.Add((target, message));

    public void Alert(string alertId, string audience, string kind, string payload) => Alerts.Add(new AlertRecord(alertId, audience, kind, Self.Key, payload));

    void IEffects.Journal(string stream, long seq, string payload) => Journal.Add(new JournalEntry(stream, Self.Key, seq, payload));

    public void DeadlineSettled(SlaVerdict verdict, string priority) => Deadlines.Add((verdict, priority));
}
