using Scoring.Runtime.Addressing;
using Scoring.Runtime.Grains;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime.Partitions;

/// <summary>Gathers the effects of every handler run since the last checkpoint, to commit them with the state.</summary>
internal sealed class EffectsCollector : IGrainContext
{
    public GrainId Self { get; set; }
    public List<Envelope> Outbox { get; } = [];
    public List<AlertRecord> Alerts { get; } = [];
    public List<JournalEntry> JournalEntries { get; } = [];

    public void Send(GrainId target, byte[] message) => Outbox.Add(Envelope.Message(target, message));

    public void Alert(string alertId, string audience, string kind, string payload) =>
        Alerts.Add(new AlertRecord(alertId, audience, kind, Self.Key, payload));

    public void Journal(string stream, long seq, string payload) =>
        JournalEntries.Add(new JournalEntry(stream, Self.Key, seq, payload));

    public void Clear()
    {
        Outbox.Clear();
        Alerts.Clear();
        JournalEntries.Clear();
    }
}
