using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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

    public void Alert<T>(string alertId, string audience, string kind, T payload, JsonTypeInfo<T> json) =>
        Alerts.Add(new AlertRecord(alertId, audience, kind, Self.Key, JsonSerializer.Serialize(payload, json)));

    void IEffects.Journal<T>(string stream, long seq, T entry, JsonTypeInfo<T> json) => Journal.Add(new JournalEntry(stream, Self.Key, seq, JsonSerializer.Serialize(entry, json)));

    public void DeadlineSettled(SlaVerdict verdict, string priority) => Deadlines.Add((verdict, priority));
}
