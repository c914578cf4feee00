using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Scoring.Grains;
using Scoring.Grains.Accounts;
using Scoring.Grains.Decisions;
using Scoring.Grains.Hosting;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Grains.Pods;
using Scoring.Grains.Serialization;
using Scoring.Model;
using Scoring.Model.Accounts;
using Scoring.Model.Definition;
using Scoring.Model.Events;
using Scoring.Model.Routing;
using Scoring.Node.Ingestion;
using Scoring.Storage.Sqlite;
using Scoring.Streams.Log;

namespace Scoring.Benchmarks;

/// <summary>
/// The per-event hot paths outside Orleans' own machinery: parse a Segment call, encode it as a log payload and a
/// record, decode it, let a lead decide on it, store its state as JSON. Runs in process: a generated benchmark project
/// would sit under this repository and inherit its central package management.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class HotPaths
{
    private const string PageCall =
        """{"type":"page","userId":"user-42","messageId":"m-1","timestamp":"2026-11-22T09:00:00Z","properties":{"path":"/pricing","url":"https://www.example.com/pricing"},"context":{"campaign":{"source":"google","medium":"cpc"}}}""";

    private readonly ScoringModel _model = ModelLoader.LoadDefault();
    private readonly DiscardedEffects _effects = new(GrainKeys.LeadId("user-42"));
    private readonly GrainStateSerializer _stateSerializer = new();
    private ServiceProvider _services = null!;
    private Serializer _serializer = null!;
    private JsonDocument _call = null!;
    private ClickEvent _event = null!;
    private byte[] _payload = null!;
    private byte[] _record = null!;
    private LeadScoreState _score = null!;
    private LeadDecider _lead = null!;
    private Stored<LeadState> _stored = null!;
    private Stored<AccountState> _account = null!;
    private AccountDecider _accountDecider = null!;
    private Stored<PodState> _pod = null!;
    private MemberSnapshot[] _members = null!;
    private long _memberVersion;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddScoringSerialization().BuildServiceProvider();
        _serializer = _services.GetRequiredService<Serializer>();
        _call = JsonDocument.Parse(PageCall);
        _event = SegmentParser.Parse(_call.RootElement, null, DateTimeOffset.UtcNow, null).Event!;
        _payload = _serializer.SerializeToArray<object>(new Ingested(_event));
        _record = RecordCodec.Encode(Enumerable.Range(0, 10).Select(i => new LogEntry(GrainKeys.LeadId("user-" + i), _payload, "m-" + i)).ToList());
        _score = new LeadScoreState();
        var state = new LeadState { UserId = "user-42" };
        _lead = new LeadDecider(state, _model, RoutingTable.SinglePod("default"));
        foreach (var e in Journey("user-42", new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero)))
        {
            LeadScoring.Apply(_score, e, _model);
            _lead.Handle(new Ingested(e), _effects);
        }
        _stored = new Stored<LeadState> { State = state, AppliedOffset = 1234 };
        var full = Enumerable.Range(0, _model.Accounts.MaxMembers).Select(i => MemberSnapshots.Of($"user-{i}", i, _score, "MQL", _model)).ToDictionary(m => m.LeadId);
        var members = full.Values.Take(40).ToDictionary(m => m.LeadId);
        _account = new Stored<AccountState> { State = new AccountState { Key = "domain:firm.io", Members = members }, AppliedOffset = 1234 };
        // A pod as the what-if bench's data left it: about 4,000 leads assigned and never accepted, rejected or withdrawn.
        var routing = new PodRoutingState();
        for (var i = 0; i < 4000; i++)
            routing.Open[$"user-{i}"] = new OpenAssignment($"rep-{i % 10}", $"user-{i}@firm{i % 400}.io", $"domain:firm{i % 400}.io", 1, 2, [$"rep-{i % 10}", $"rep-{(i + 1) % 10}"]);
        _pod = new Stored<PodState> { State = new PodState { PodId = "default", Routing = routing }, AppliedOffset = 1234 };
        _members = members.Values.ToArray();
        _memberVersion = _members.Length;
        _accountDecider = new AccountDecider(new AccountState { Key = "domain:firm.io", Members = full }, _model, RoutingTable.SinglePod("default"));
    }

    [Benchmark(Description = "parse one Segment call")]
    public ClickEvent? Parse() => SegmentParser.Parse(_call.RootElement, null, DateTimeOffset.UtcNow, null).Event;

    [Benchmark(Description = "encode one event as its log payload")]
    public byte[] EncodePayload() => _serializer.SerializeToArray<object>(new Ingested(_event));

    [Benchmark(Description = "decode a 10-entry log record and its payloads")]
    public int DecodeRecord()
    {
        var n = 0;
        foreach (var entry in RecordCodec.Decode(_record)) n += _serializer.Deserialize<object>(entry.Payload) is Ingested ? 1 : 0;
        return n;
    }

    [Benchmark(Description = "score one page view")]
    public ScoreOutcome Score() => LeadScoring.Apply(_score, _event, _model);

    [Benchmark(Description = "a lead decides on one page view")]
    public void Decide() => _lead.Handle(new Ingested(_event), _effects);

    [Benchmark(Description = "serialize a lead's stored state (JSON)")]
    public BinaryData StoreState() => _stateSerializer.Serialize(_stored);

    [Benchmark(Description = "serialize an account's stored state of 40 members (JSON)")]
    public BinaryData StoreAccountState() => _stateSerializer.Serialize(_account);

    private static readonly Orleans.Runtime.GrainId BenchGrain = Orleans.Runtime.GrainId.Create("account", "tenant-1/firm-1.example");

    [Benchmark(Description = "a lead's stored state as SQLite keeps it (compressed JSON)")]
    public int StoreStateAsStored()
    {
        using var row = StatePayload.Encode(_stateSerializer, BenchGrain, _stored);
        return row.Payload.Length;
    }

    [Benchmark(Description = "serialize and compress it as SQLite keeps it")]
    public int StoreAccountStateCompressed()
    {
        using var row = StatePayload.Encode(_stateSerializer, BenchGrain, _account);
        return row.Payload.Length;
    }

    [Benchmark(Description = "serialize and compress a pod's state of 4,000 open assignments as SQLite keeps it")]
    public int StorePodStateCompressed()
    {
        using var row = StatePayload.Encode(_stateSerializer, BenchGrain, _pod);
        return row.Payload.Length;
    }

    [Benchmark(Description = "a full account takes one member's update (rollup, coverage, qualification)")]
    public void AccountUpdate()
    {
        // A newer snapshot of one member each time, or the account would drop it as a repeat.
        var version = ++_memberVersion;
        var member = _members[version % _members.Length] with { Version = version };
        _accountDecider.Handle(new MemberUpdate("domain:firm.io", member, member.AsOf, null, member.AsOf), _effects);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _call.Dispose();
        _services.Dispose();
    }

    /// <summary>A known visitor's morning: identify with a fit profile, then pages (what a lead has seen when it gets another).</summary>
    private static IEnumerable<ClickEvent> Journey(string userId, DateTimeOffset at)
    {
        ClickEvent Page(string path, int minutes) => new()
        {
            Kind = EventKind.Page, MessageId = $"{userId}-{path}-{minutes}", Timestamp = at.AddMinutes(minutes), ReceivedAt = at.AddMinutes(minutes),
            UserId = userId, Path = path,
        };
        yield return new ClickEvent
        {
            Kind = EventKind.Identify, MessageId = userId + "-identify", Timestamp = at, ReceivedAt = at, UserId = userId,
            Traits = new() { ["email"] = userId + "@firm.io", ["title"] = "VP of Sales", ["company.name"] = "Firm", ["company.employee_count"] = "400" },
        };
        yield return Page("/product", 1);
        yield return Page("/pricing", 2);
        yield return Page("/case-studies", 3);
    }

    /// <summary>
    /// Effects go nowhere once written: alerts and journal entries become JSON as the live shell makes them, so the
    /// benchmark measures the decision and its records, not the shell's I/O.
    /// </summary>
    private sealed class DiscardedEffects(StreamAddress self) : IEffects
    {
        public StreamAddress Self => self;

        public void Send(StreamAddress target, GrainMessage message) { }

        public void Alert<T>(string alertId, string audience, string kind, T payload, JsonTypeInfo<T> json) => JsonSerializer.Serialize(payload, json);

        public void Journal<T>(string stream, long seq, T entry, JsonTypeInfo<T> json) => JsonSerializer.Serialize(entry, json);

        public void DeadlineSettled(SlaVerdict verdict, string priority) { }
    }
}
