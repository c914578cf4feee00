using System.Text.Json;
using Scoring.Grains.Messages;
using Scoring.Grains.Decisions;

namespace Scoring.Grains.Visitors;

public sealed class VisitorDecider(VisitorState state, string visitorId) : IDecider
{
    public static VisitorDecider New(string visitorId) => new(new VisitorState(), visitorId);

    /// <summary>Anonymous history kept per visitor. Older events matter little after decay; a bound keeps bots from growing state forever.</summary>
    public const int MaxHistory = 500;

    public VisitorState State => state;

    public DateTimeOffset? WakeAt => null;

    public void Handle(GrainMessage message, IEffects effects)
    {
        switch (message)
        {
            case Ingested { Event: var e }:
                state.EventsReceived++;
                if (state.LinkedLead is { } lead)
                {
                    Forward(lead, [e], effects);
                    return;
                }
                state.History.Add(e);
                if (state.History.Count > MaxHistory)
                {
                    state.History.RemoveAt(0);
                    state.Dropped++;
                }
                break;
            case LinkVisitor link when state.LinkedLead is null:
                // First identity wins: a shared device does not hand one person's history to the next.
                state.LinkedLead = link.LeadId;
                Forward(link.LeadId, [.. state.History], effects);
                state.History.Clear();
                break;
            case LinkVisitor other when other.LeadId != state.LinkedLead:
                // The asking lead waits for this visitor's history; tell it none is coming.
                effects.Send(GrainKeys.LeadId(other.LeadId), new LinkRefused(visitorId, state.LinkedLead!));
                break;
        }
    }

    public void OnTimer(DateTimeOffset due, IEffects effects)
    {
    }

    public byte[] Snapshot() => JsonSerializer.SerializeToUtf8Bytes(state, GrainJson.Default.VisitorState);

    private void Forward(string lead, List<Model.Events.ClickEvent> events, IEffects effects)
    {
        state.Seq++;
        effects.Send(GrainKeys.LeadId(lead), new FromVisitor(visitorId, state.Seq, events));
    }
}
