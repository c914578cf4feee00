using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Scoring.Grains.Hosting;
using Scoring.Grains.Leads;
using Scoring.Grains.Visitors;
using Scoring.Model;
using Scoring.Model.Events;

namespace Scoring.Grains.Messages;

/// <summary>
/// Source-generated JSON for what is stored as JSON: grain states, journal entries and alert payloads (what an operator
/// can read in the database, and what the feed sends), with stable camelCase field names and no reflection on the hot path.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(LeadState))]
[JsonSerializable(typeof(VisitorState))]
[JsonSerializable(typeof(Pods.PodState))]
[JsonSerializable(typeof(Accounts.AccountState))]
[JsonSerializable(typeof(Stored<LeadState>))]
[JsonSerializable(typeof(Stored<VisitorState>))]
[JsonSerializable(typeof(Stored<Pods.PodState>))]
[JsonSerializable(typeof(Stored<Accounts.AccountState>))]
[JsonSerializable(typeof(LedgerEntry))]
[JsonSerializable(typeof(StageTransition))]
[JsonSerializable(typeof(MqlAlert))]
[JsonSerializable(typeof(UnassignedAlert))]
[JsonSerializable(typeof(EscalationAlert))]
[JsonSerializable(typeof(Accounts.AccountEvent))]
[JsonSerializable(typeof(Accounts.MqaAlert))]
[JsonSerializable(typeof(Accounts.MqaExitAlert))]
[JsonSerializable(typeof(ClickEvent))]
public sealed partial class GrainJson : JsonSerializerContext
{
    /// <summary>
    /// These contracts first, reflection for anything else (a model type that travels inside an Orleans message but is
    /// never stored on its own): what the Orleans JSON codec and the grain-state serializer use.
    /// </summary>
    public static JsonSerializerOptions Lenient => s_lenient ??= new JsonSerializerOptions(Default.Options!)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(Default, new DefaultJsonTypeInfoResolver()),
    };

    private static JsonSerializerOptions? s_lenient;
}
