using System.Text.Json;
using System.Text.Json.Serialization;
using Scoring.Grains.Leads;
using Scoring.Grains.Visitors;
using Scoring.Model;

namespace Scoring.Grains.Messages;

/// <summary>Source-generated JSON for grain messages and states: no reflection on the hot path, stable field names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(GrainMessage))]
[JsonSerializable(typeof(LeadState))]
[JsonSerializable(typeof(VisitorState))]
[JsonSerializable(typeof(LedgerEntry))]
[JsonSerializable(typeof(StageTransition))]
[JsonSerializable(typeof(MqlAlert))]
[JsonSerializable(typeof(UnassignedAlert))]
[JsonSerializable(typeof(EscalationAlert))]
[JsonSerializable(typeof(Pods.PodState))]
[JsonSerializable(typeof(Accounts.AccountState))]
[JsonSerializable(typeof(Accounts.AccountEvent))]
[JsonSerializable(typeof(Accounts.MqaAlert))]
[JsonSerializable(typeof(Accounts.MqaExitAlert))]
public sealed partial class GrainJson : JsonSerializerContext
{
    public static byte[] Encode(GrainMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, Default.GrainMessage);

    public static GrainMessage Decode(byte[] body) =>
        JsonSerializer.Deserialize(body, Default.GrainMessage) ?? throw new JsonException("Empty grain message");
}
