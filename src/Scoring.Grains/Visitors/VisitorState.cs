using Scoring.Model.Events;

namespace Scoring.Grains.Visitors;

/// <summary>An anonymous id: its events wait here until identify links it to a lead, then they follow the lead.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties)]
public sealed class VisitorState
{
    public string? LinkedLead { get; set; }
    public List<ClickEvent> History { get; set; } = [];
    /// <summary>Sequence of the last <see cref="Messages.FromVisitor"/> sent to the lead.</summary>
    public long Seq { get; set; }
    public long EventsReceived { get; set; }
    /// <summary>Events dropped because the anonymous history was full (oldest first).</summary>
    public long Dropped { get; set; }
}
