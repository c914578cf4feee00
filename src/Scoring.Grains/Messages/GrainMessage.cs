using System.Text.Json.Serialization;
using Scoring.Model.Events;

namespace Scoring.Grains.Messages;

/// <summary>Everything lead and visitor grains say to each other or receive from ingestion.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$t")]
[JsonDerivedType(typeof(Ingested), "ingested")]
[JsonDerivedType(typeof(LinkVisitor), "link")]
[JsonDerivedType(typeof(FromVisitor), "from-visitor")]
[JsonDerivedType(typeof(LinkRefused), "link-refused")]
public abstract record GrainMessage;

/// <summary>A tracking call accepted by ingestion, for the grain it names (the lead by userId, else the visitor).</summary>
public sealed record Ingested(ClickEvent Event) : GrainMessage;

/// <summary>Lead to visitor: this anonymous id is now known to be <see cref="LeadId"/>. Repeats are harmless.</summary>
public sealed record LinkVisitor(string VisitorId, string LeadId) : GrainMessage;

/// <summary>
/// Visitor to lead: events seen under the anonymous id, numbered per visitor so the lead applies each
/// batch once even if the transport delivers it twice (invariant 6). Seq 1 carries the merged history.
/// </summary>
public sealed record FromVisitor(string VisitorId, long Seq, IReadOnlyList<ClickEvent> Events) : GrainMessage;

/// <summary>Visitor to lead: this anonymous id already belongs to another lead (first identity wins); nothing will follow.</summary>
public sealed record LinkRefused(string VisitorId, string OwnerLeadId) : GrainMessage;
