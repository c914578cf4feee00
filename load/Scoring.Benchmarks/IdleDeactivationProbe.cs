using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Scoring.Grains;
using Scoring.Grains.Leads;
using Scoring.Grains.Messages;
using Scoring.Grains.Pods;
using Scoring.Grains.Visitors;
using Scoring.Model.Definition;
using Scoring.Model.Events;
using Scoring.Model.Routing;
using Scoring.Runtime;
using Scoring.Runtime.Addressing;
using Scoring.Runtime.Embedded;
using Scoring.Runtime.Grains;
using Scoring.Runtime.Ports;

namespace Scoring.Benchmarks;

/// <summary>
/// Memory of the live runtime (real partitions on the embedded SQLite engine), not of grains held by hand: N leads
/// each through a journey, then every grain idle past the deactivation time, then a second runtime with a cap
/// on live grains per partition taking one more event per lead (so every grain is reactivated from the store).
/// </summary>
public static class IdleDeactivationProbe
{
    private const int Partitions = 8;

    public static async Task<object> RunAsync(int leads)
    {
        var directory = Directory.CreateTempSubdirectory("idle-probe-").FullName;
        try
        {
            var clock = new ManualClock(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
            var start = clock.GetUtcNow();
            var cap = Math.Max(1, leads / Partitions / 10);

            long baseline, active, idle, capped;
            int activations, activationsAfter, activationsCapped;
            var watch = Stopwatch.StartNew();
            await using (var engine = SqliteEngine.Open(directory, Partitions, clock))
            {
                await using (var runtime = await Running.StartAsync(engine, clock, new RuntimeOptions { Partitions = Partitions }))
                {
                    baseline = ResultFile.Heap();
                    await AppendAsync(engine, Enumerable.Range(0, leads).SelectMany(i => MemoryProbe.Journey(Lead(i), start.AddSeconds(i % 3600))));
                    await runtime.CaughtUpAsync(leads * 5L, TimeSpan.FromMinutes(30));
                    active = ResultFile.Heap();
                    activations = runtime.Activations;

                    // Every grain is now idle for longer than the deactivation time; the partitions sweep on their next wake-up.
                    clock.Advance(TimeSpan.FromMinutes(11));
                    await runtime.WaitAsync(() => runtime.Activations == 0, TimeSpan.FromMinutes(2));
                    idle = ResultFile.Heap();
                    activationsAfter = runtime.Activations;
                }

                var options = new RuntimeOptions { Partitions = Partitions, MaxActivationsPerPartition = cap };
                await using var second = await Running.StartAsync(engine, clock, options);
                await AppendAsync(engine, Enumerable.Range(0, leads).Select(i => Page(Lead(i), start.AddHours(1).AddSeconds(i % 3600))));
                await second.CaughtUpAsync(leads, TimeSpan.FromMinutes(30));
                capped = ResultFile.Heap();
                activationsCapped = second.Activations;
            }

            var result = new
            {
                leads,
                partitions = Partitions,
                activations,
                activeBytesPerLead = Math.Round((active - baseline) / (double)leads),
                activationsAfter,
                idleBytesPerLead = Math.Round((idle - baseline) / (double)leads),
                cap,
                activationsCapped,
                cappedBytesPerLead = Math.Round((capped - baseline) / (double)leads),
                seconds = Math.Round(watch.Elapsed.TotalSeconds, 1),
            };
            Console.WriteLine($"""
                | live runtime, embedded engine, {leads:N0} leads              | value |
                |---------------------------------------------------------|-------|
                | all active: live grains / heap per lead                 | {activations:N0} / {result.activeBytesPerLead:N0} bytes |
                | after 11 idle minutes: live grains / heap per lead      | {activationsAfter:N0} / {result.idleBytesPerLead:N0} bytes |
                | cap {cap:N0} per partition, one more event each: grains / heap per lead | {activationsCapped:N0} / {result.cappedBytesPerLead:N0} bytes |
                """);
            return result;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Lead(int i) => "user-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ClickEvent Page(string userId, DateTimeOffset at) => new()
    {
        Kind = EventKind.Page, MessageId = userId + "-again", Timestamp = at, ReceivedAt = at, UserId = userId, Path = "/pricing",
    };

    private static async Task AppendAsync(SqliteEngine engine, IEnumerable<ClickEvent> events)
    {
        foreach (var chunk in events.Chunk(2000))
            await engine.AppendAsync(chunk.Select(e => new LogAppend(Envelope.Message(GrainKeys.LeadId(e.UserId!), GrainJson.Encode(new Ingested(e))))).ToList(),
                CancellationToken.None);
    }

    /// <summary>A runtime with the product's grain types, alerts discarded.</summary>
    private sealed class Running : IAsyncDisposable, IAlertSink
    {
        private static readonly RoutingTable Routing = RoutingTable.SinglePod("default", "rep-1");

        private readonly CancellationTokenSource _stop = new();
        private readonly GrainRuntime _runtime;

        private Running(SqliteEngine engine, TimeProvider clock, RuntimeOptions options) =>
            _runtime = new GrainRuntime(engine, engine, engine,
                new GrainTypeRegistry([new LeadGrainType(ModelLoader.LoadDefault(), Routing), new VisitorGrainType(), new PodGrainType(Routing), new Scoring.Grains.Accounts.AccountGrainType(ModelLoader.LoadDefault(), Routing)]), this, options,
                clock, NullLoggerFactory.Instance);

        public static async Task<Running> StartAsync(SqliteEngine engine, TimeProvider clock, RuntimeOptions options)
        {
            var running = new Running(engine, clock, options);
            await running._runtime.StartAsync(running._stop.Token);
            return running;
        }

        public int Activations => _runtime.Status.Sum(p => p.Activations);

        public void Publish(IReadOnlyList<StoredAlert> alerts) { }

        public Task CaughtUpAsync(long processed, TimeSpan deadline) =>
            WaitAsync(() => _runtime.Status is { Count: Partitions } s && s.All(p => p.Lag == 0) && s.Sum(p => p.Processed) >= processed, deadline);

        public async Task WaitAsync(Func<bool> condition, TimeSpan deadline)
        {
            var watch = Stopwatch.StartNew();
            while (!condition())
            {
                if (watch.Elapsed > deadline) throw new TimeoutException($"the runtime did not get there within {deadline}");
                await Task.Delay(200);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _runtime.StopAsync(CancellationToken.None);
            _runtime.Dispose();
            _stop.Dispose();
        }
    }
}
