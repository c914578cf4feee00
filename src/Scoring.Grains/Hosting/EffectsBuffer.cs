using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Scoring.Grains.Decisions;
using Scoring.Grains.Journal;
using Scoring.Grains.Messages;
using Scoring.Streams.Log;
using Scoring.Streams.Provider;

namespace Scoring.Grains.Hosting;

/// <summary>
/// The effects of one delivery, gathered to be performed together. Each message is named after the log position of
/// the input that caused it and its place among that input's messages, so a replayed decision names it the same way
/// and the log keeps it once.
/// </summary>
internal sealed class EffectsBuffer(StreamAddress self) : IEffects
{
    private LogPosition _cause;
    private int _sent;

    public StreamAddress Self { get; } = self;
    public List<StreamMessage> Messages { get; } = [];
    public List<JournalEntry> Entries { get; } = [];
    public List<AlertRecord> Alerts { get; } = [];
    public List<(SlaVerdict Verdict, string Priority)> Deadlines { get; } = [];

    public bool Any => Messages.Count + Entries.Count + Alerts.Count > 0;

    /// <summary>What follows is caused by the input at <paramref name="position"/>.</summary>
    public void CausedBy(LogPosition position)
    {
        _cause = position;
        _sent = 0;
    }

    public void Send(StreamAddress target, GrainMessage message) =>
        Messages.Add(new StreamMessage(target, GrainTracing.CurrentParent is { } parent ? message with { TraceParent = parent } : message,
            string.Create(CultureInfo.InvariantCulture, $"{Self}@{_cause}#{_sent++}")));

    public void Alert<T>(string alertId, string audience, string kind, T payload, JsonTypeInfo<T> json) =>
        Alerts.Add(new AlertRecord(alertId, audience, kind, Self.Key, JsonSerializer.Serialize(payload, json)) { TraceParent = GrainTracing.CurrentParent });

    public void Journal<T>(string stream, long seq, T entry, JsonTypeInfo<T> json) =>
        Entries.Add(new JournalEntry(stream, Self.Key, seq, JsonSerializer.Serialize(entry, json)));

    public void DeadlineSettled(SlaVerdict verdict, string priority) => Deadlines.Add((verdict, priority));
}
