using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Scoring.Grains;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Model;
using Scoring.Model.Definition;
using Scoring.Model.Events;
using Scoring.Node.Ingestion;
using Scoring.Runtime.Grains;

namespace Scoring.Benchmarks;

/// <summary>
/// The per-event hot paths: parse a Segment call, score it, dispatch it through a lead grain. Runs in process:
/// a generated benchmark project would sit under this repository and inherit its central package management.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class HotPaths
{
    // No anonymousId: a lead that links a new visitor defers its events until that visitor answers, which no
    // visitor does in a benchmark.
    private const string PageCall =
        """{"type":"page","userId":"user-42","messageId":"m-1","timestamp":"2026-11-22T09:00:00Z","properties":{"path":"/pricing","url":"https://www.example.com/pricing"},"context":{"campaign":{"source":"google","medium":"cpc"}}}""";

    private readonly ScoringModel _model = ModelLoader.LoadDefault();
    private readonly DiscardingContext _context = new() { Self = GrainKeys.LeadId("user-42") };
    private JsonDocument _call = null!;
    private ClickEvent _event = null!;
    private byte[] _message = null!;
    private LeadScoreState _state = null!;
    private IGrainActivation _grain = null!;

    [GlobalSetup]
    public void Setup()
    {
        _call = JsonDocument.Parse(PageCall);
        _event = SegmentParser.Parse(_call.RootElement, null, DateTimeOffset.UtcNow, null).Event!;
        _message = GrainJson.Encode(new Ingested(_event));
        _state = new LeadScoreState();
        foreach (var e in MemoryProbe.Journey("user-42", new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero))) LeadScoring.Apply(_state, e, _model);
        _grain = new LeadGrainType(_model).Activate("user-42", null);
        foreach (var e in MemoryProbe.Journey("user-42", new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero)))
            _grain.Handle(GrainJson.Encode(new Ingested(e)), _context);
    }

    [Benchmark(Description = "parse one Segment call")]
    public ClickEvent? Parse() => SegmentParser.Parse(_call.RootElement, null, DateTimeOffset.UtcNow, null).Event;

    [Benchmark(Description = "score one page view")]
    public ScoreOutcome Score() => LeadScoring.Apply(_state, _event, _model);

    [Benchmark(Description = "dispatch one message through a lead grain")]
    public void Dispatch() => _grain.Handle(_message, _context);

    [Benchmark(Description = "snapshot a lead grain's state")]
    public byte[] Snapshot() => _grain.Snapshot();

    [GlobalCleanup]
    public void Cleanup() => _call.Dispose();
}
