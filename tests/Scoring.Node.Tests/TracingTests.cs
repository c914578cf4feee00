using System.Collections.Concurrent;
using System.Diagnostics;
using Scoring.Grains.Hosting;

namespace Scoring.Node.Tests;

/// <summary>One trace from a tracking call's HTTP request, through the lead's decision and the pod's routing, to the alert.</summary>
public sealed class TracingTests : IAsyncLifetime, IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private ActivityListener _listener = null!;
    private NodeHost _node = null!;

    public async Task InitializeAsync()
    {
        // What an OpenTelemetry exporter would receive: the product's spans and ASP.NET Core's request spans.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is GrainTracing.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _node = await NodeHost.StartAsync();
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    public void Dispose() => _listener?.Dispose();

    [Fact]
    public async Task A_qualifying_call_is_traced_from_its_request_through_the_lead_and_the_pod_to_the_alert()
    {
        await using var rep = await FeedClient.ConnectAsync(_node.BaseUri, NodeHost.RepToken);
        var caller = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var request = Segment.Post("/v1/batch", new { batch = Segment.QualifyingJourney("traced-dana", DateTimeOffset.UtcNow) }, NodeHost.WriteKey);
        request.Headers.Add("traceparent", $"00-{caller}-{callerSpan}-01");
        Assert.True((await _node.Http.SendAsync(request)).IsSuccessStatusCode);
        await rep.NextAsync("mql", TimeSpan.FromSeconds(15));

        Activity[] trace = [];
        await Eventually.Until(() =>
        {
            trace = _spans.Where(s => s.TraceId == caller).ToArray();
            return trace.Any(s => s.DisplayName == "publish mql");
        }, TimeSpan.FromSeconds(15), "the alert's publication in the caller's trace");

        // Walk up from the alert: each span's parent is the step that caused it.
        var publish = trace.Single(s => s.DisplayName == "publish mql");
        Assert.Equal("lead:traced-dana:mql:1", publish.GetTagItem("scoring.alert"));
        var routing = ParentOf(publish, trace);
        Assert.Equal(("apply RouteLead", "pod/default"), (routing.DisplayName, routing.GetTagItem("scoring.grain")));
        var decision = ParentOf(routing, trace);
        Assert.Equal(("apply Ingested", "lead/traced-dana"), (decision.DisplayName, decision.GetTagItem("scoring.grain")));
        var httpRequest = ParentOf(decision, trace);
        Assert.Equal(("Microsoft.AspNetCore", callerSpan), (httpRequest.Source.Name, httpRequest.ParentSpanId));
        Assert.Equal(5, trace.Count(s => s.DisplayName == "apply Ingested"));
    }

    private static Activity ParentOf(Activity span, Activity[] trace) =>
        Assert.Single(trace, s => s.SpanId == span.ParentSpanId);
}
