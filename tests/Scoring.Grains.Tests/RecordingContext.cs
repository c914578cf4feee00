using Scoring.Runtime.Addressing;
using Scoring.Runtime.Grains;
using Scoring.Runtime.Ports;

namespace Scoring.Grains.Tests;

/// <summary>Captures a handler's effects so a test can run one grain directly and read what it did.</summary>
internal sealed class RecordingContext(GrainId self) : IGrainContext
{
    public GrainId Self { get; } = self;
    public List<(GrainId Target, byte[] Message)> Sent { get; } = [];
    public List<AlertRecord> Alerts { get; } = [];
    public List<JournalEntry> Journal { get; } = [];

    /// <summary>What a lead asked its pod to route: the MQL alerts, before a rep is chosen.</summary>
    public List<Messages.RouteLead> Routed =>
        Sent.Where(s => s.Target.Type == GrainKeys.Pod).Select(s => Messages.GrainJson.Decode(s.Message)).OfType<Messages.RouteLead>().ToList();

    public void Send(GrainId target, byte[] message) => Sent.Add((target, message));

    public void Alert(string alertId, string audience, string kind, string payload) => Alerts.Add(new AlertRecord(alertId, audience, kind, Self.Key, payload));

    void IGrainContext.Journal(string stream, long seq, string payload) => Journal.Add(new JournalEntry(stream, Self.Key, seq, payload));
}
