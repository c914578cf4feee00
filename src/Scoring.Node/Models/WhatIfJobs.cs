using System.Collections.Concurrent;
using System.Text.Json;
using Scoring.Grains.Journal;
using Scoring.Grains.Leads;
using Scoring.Grains.Models;
using Scoring.Grains.Replay;
using Scoring.Model.Definition;
using Scoring.Model.Routing;
using Scoring.Model.Versions;

namespace Scoring.Node.Models;

/// <summary>
/// Runs what-if replays as jobs, off to the side: the recorded inputs up to the window's end go through two
/// simulations of the grains, one with the versions that were live (which must reproduce the MQLs raised live) and
/// one with the draft for all of history; the report compares their MQLs in the window. One job at a time per node.
/// </summary>
public sealed class WhatIfJobs(RecordedInputs inputs, LiveModels live, RoutingTable routing, IJournalStore journal, TimeProvider clock,
    ILogger<WhatIfJobs> logger)
{
    private const int Kept = 20;
    private readonly ConcurrentDictionary<string, WhatIfJob> _jobs = new();

    public WhatIfJob? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Starts a job, unless one is running: then that one is returned as <paramref name="running"/> and nothing starts.</summary>
    public WhatIfJob? TryStart(DateTimeOffset from, DateTimeOffset to, ScoringModel draft, out WhatIfJob? running)
    {
        lock (_jobs)
        {
            running = _jobs.Values.FirstOrDefault(j => j.Status == "running");
            if (running is not null) return null;
            var job = new WhatIfJob(Guid.NewGuid().ToString("N")[..12], from, to, draft.Version, inputs.TotalRecords());
            _jobs[job.Id] = job;
            foreach (var old in _jobs.Values.Where(j => j.Status != "running").OrderBy(j => j.StartedAt).SkipLast(Kept)) _jobs.TryRemove(old.Id, out _);
            _ = Task.Run(() => RunAsync(job, live.Catalog, draft));
            return job;
        }
    }

    private async Task RunAsync(WhatIfJob job, ModelCatalog catalog, ScoringModel draft)
    {
        var token = job.Cancellation.Token;
        try
        {
            var asLive = new GrainSimulation(catalog, routing);
            var asDraft = new GrainSimulation(new SingleModel(draft), routing);
            await foreach (var input in inputs.ReadAsync(job.To, job.Read, token))
            {
                asLive.Apply(input);
                asDraft.Apply(input);
                job.Replayed();
            }
            // Timers fire up to the window's end, but never past now: live grains have not fired those yet either.
            var end = job.To < clock.GetUtcNow() ? job.To : clock.GetUtcNow();
            asLive.RunTimersUntil(end, token);
            asDraft.RunTimersUntil(end, token);
            var report = WhatIfReport.Compare(job.From, job.To, asLive, catalog.At(job.To.AddTicks(-1)), asDraft, draft);
            var raised = await RaisedLiveAsync(job.From, job.To, token);
            var replayed = asLive.Mqls.Where(m => m.QualifiedAt >= job.From && m.QualifiedAt < job.To).Select(m => $"{m.LeadId}#{m.Episode}").ToHashSet();
            var missing = raised.Except(replayed).Concat(replayed.Except(raised)).Order(StringComparer.Ordinal).ToList();
            job.Finish(new WhatIfResult(report, raised.Count, missing.Count == 0, missing));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            job.Cancelled();
        }
        catch (Exception e)
        {
            logger.LogError(e, "What-if job {Job} failed", job.Id);
            job.Fail(e.Message);
        }
    }

    /// <summary>The MQLs raised live in the window, from the alert table: lead and episode (the alert id ends in it).</summary>
    private async Task<HashSet<string>> RaisedLiveAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var raised = new HashSet<string>(StringComparer.Ordinal);
        var next = 1L;
        while (true)
        {
            var page = await journal.ReadAlertsFromAsync(next, 1000, cancellationToken);
            if (page.Count == 0) return raised;
            foreach (var stored in page)
            {
                if (stored.Alert.Kind != LeadDecider.MqlAlertKind) continue;
                var alert = JsonSerializer.Deserialize(stored.Alert.Payload, Grains.Messages.GrainJson.Default.MqlAlert)!;
                var episode = alert.AlertId[(alert.AlertId.LastIndexOf(':') + 1)..];
                if (alert.QualifiedAt >= from && alert.QualifiedAt < to) raised.Add($"{alert.LeadId}#{episode}");
            }
            next = page[^1].Seq + 1;
        }
    }
}
