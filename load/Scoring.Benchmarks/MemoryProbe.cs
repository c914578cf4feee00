using System.Diagnostics;
using System.Globalization;
using Scoring.Grains;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Model.Definition;
using Scoring.Model.Events;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Grains;

namespace Scoring.Benchmarks;

/// <summary>
/// Memory per active lead grain: N lead activations, each through a typical journey, held the way a partition
/// holds them (a dictionary by grain id). Reports managed heap bytes per grain after a full collection, and the
/// size of its persisted state.
/// </summary>
public static class MemoryProbe
{
    public static object Run(int leads)
    {
var model = ModelLoader.LoadDefault();
var type = new LeadGrainType(model);
var context = new DiscardingContext();
var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

var before = ResultFile.Heap();
var clock = Stopwatch.StartNew();
var activations = new Dictionary<GrainId, IGrainActivation>(leads);
long stateBytes = 0;
for (var i = 0; i < leads; i++)
{
    var userId = "user-" + i.ToString(CultureInfo.InvariantCulture);
    var grain = type.Activate(userId, null);
    context.Self = GrainKeys.LeadId(userId);
    foreach (var e in Journey(userId, start.AddSeconds(i % 86_400)))
        grain.Handle(GrainJson.Encode(new Ingested(e)), context);
    if (i % 1000 == 0) stateBytes += grain.Snapshot().Length;
    activations[GrainKeys.LeadId(userId)] = grain;
}
var elapsed = clock.Elapsed;
var after = ResultFile.Heap();
GC.KeepAlive(activations);

var perGrain = (after - before) / (double)leads;
Console.WriteLine($"""
    | metric                                   | value |
    |------------------------------------------|-------|
    | active lead grains                       | {leads:N0} |
    | managed heap per active grain            | {perGrain:N0} bytes |
    | persisted state per grain (JSON, sample) | {stateBytes / Math.Ceiling(leads / 1000.0):N0} bytes |
    | heap total                               | {after / 1024.0 / 1024.0:N0} MiB |
    | events handled per second (1 thread)     | {leads * 5 / elapsed.TotalSeconds:N0} |
    """);
return new
{
    grains = leads,
    heapBytesPerGrain = Math.Round(perGrain),
    persistedStateBytesPerGrain = Math.Round(stateBytes / Math.Ceiling(leads / 1000.0)),
    heapTotalMiB = Math.Round(after / 1024.0 / 1024.0),
    eventsPerSecond = Math.Round(leads * 5 / elapsed.TotalSeconds),
};
    }

    /// <summary>Identify with firmographics, pricing twice, a comparison page, a blog post.</summary>
    public static IEnumerable<ClickEvent> Journey(string userId, DateTimeOffset at)
{
    ClickEvent Page(string path, int minutes) => new()
    {
        Kind = EventKind.Page, MessageId = $"{userId}-{path}-{minutes}", Timestamp = at.AddMinutes(minutes), ReceivedAt = at.AddMinutes(minutes),
        UserId = userId, Path = path,
    };
    yield return new ClickEvent
    {
        Kind = EventKind.Identify, MessageId = userId + "-identify", Timestamp = at, ReceivedAt = at, UserId = userId,
        Traits = new()
        {
            ["email"] = userId + "@firm.io", ["title"] = "VP of Sales", ["company.name"] = "Firm",
            ["company.industry"] = "Software", ["company.employee_count"] = "200",
        },
    };
    yield return Page("/pricing", 1);
    yield return Page("/pricing", 2);
    yield return Page("/compare/rival", 3);
    yield return Page("/blog/post", 4);
}

}

/// <summary>Effects are what a checkpoint writes; here they are dropped so only the live grains stay on the heap.</summary>
public sealed class DiscardingContext : IGrainContext
{
    public GrainId Self { get; set; }
    public void Send(GrainId target, byte[] message) { }
    public void Alert(string alertId, string audience, string kind, string payload) { }
    public void Journal(string stream, long seq, string payload) { }
}
