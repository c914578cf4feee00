using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Scoring.Grains.Models;
using Scoring.Model.Definition;
using Scoring.Node.Configuration;
using Scoring.Node.Hosting;
using Scoring.Streams.Provider;

namespace Scoring.Node.Models;

/// <summary>
/// Runs what-if replays as jobs, off to the side: each in a worker process of its own (<see cref="WhatIfWorker"/>),
/// never touching live grains, alerts or timers, and never sharing the live node's heap. The node fixes what the job
/// replays when it starts (the catalog, the draft, where each partition's log ends); the worker also checks the live
/// versions' replay against the MQLs the alert table says were raised in the window, so that reading and comparing
/// them runs at its priority, not the node's. One job at a time per node.
/// </summary>
public sealed class WhatIfJobs(LiveModels live, IGrainFactory grains, TimeProvider clock, NodeArguments arguments,
    IOptions<NodeOptions> options, RecentAlertLatency alertLatency, ILogger<WhatIfJobs> logger) : IDisposable
{
    private const int Kept = 20;
    private readonly ConcurrentDictionary<string, WhatIfJob> _jobs = new();

    public WhatIfJob? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>
    /// Starts a job, unless one is running (then that one comes back as <see cref="WhatIfStart.StillRunning"/>) or some
    /// partition has no reader right now to say where its log ends (<see cref="WhatIfStart.LogNotReady"/>).
    /// </summary>
    public async Task<WhatIfStart> StartAsync(DateTimeOffset from, DateTimeOffset to, ScoringModel draft)
    {
        var ends = await LogEndsAsync();
        if (ends is null) return new WhatIfStart(null, null, "some of the log's partitions have no reader right now (a node just joined or left): try again in a few seconds");
        var now = clock.GetUtcNow();
        // Timers fire up to the window's end, but never past now: live grains have not fired those yet either.
        var spec = WhatIfSpec.Of(from, to, to < now ? to : now, ends, live.Catalog, draft);
        lock (_jobs)
        {
            if (_jobs.Values.FirstOrDefault(j => j.Status == "running") is { } running) return new WhatIfStart(null, running, null);
            var job = new WhatIfJob(Guid.NewGuid().ToString("N")[..12], from, to, draft.Version);
            _jobs[job.Id] = job;
            foreach (var old in _jobs.Values.Where(j => j.Status != "running").OrderBy(j => j.StartedAt).SkipLast(Kept)) _jobs.TryRemove(old.Id, out _);
            _ = Task.Run(() => RunAsync(job, spec));
            return new WhatIfStart(job, null, null);
        }
    }

    /// <summary>Where each partition's log ends now, as the silos reading them report it; null while a partition has no reader.</summary>
    private async Task<long[]?> LogEndsAsync()
    {
        var silos = await SiloPartitionsReport.ClusterAsync(grains, logger);
        if (silos is null) return null;
        var ends = silos.SelectMany(s => s.Partitions).GroupBy(p => p.Partition).ToDictionary(g => g.Key, g => g.Max(p => p.EndOffset));
        var partitions = options.Value.Partitions;
        return Enumerable.Range(0, partitions).All(ends.ContainsKey) ? [.. Enumerable.Range(0, partitions).Select(p => ends[p])] : null;
    }

    private async Task RunAsync(WhatIfJob job, WhatIfSpec spec)
    {
        var token = job.Cancellation.Token;
        try
        {
            var models = options.Value.Models;
            var yield = new WhatIfYield(alertLatency, TimeSpan.FromMilliseconds(models.WhatIfYieldAboveMs),
                TimeSpan.FromSeconds(models.WhatIfLongestPauseSeconds), models.WhatIfLeastShare, clock);
            var outcome = await WhatIfWorkerProcess.RunAsync(job, spec, arguments.Values, models.WhatIfNice, yield, logger);
            job.Finish(new WhatIfResult(outcome.Report, outcome.RaisedLive, outcome.NotReproduced.Count == 0, outcome.NotReproduced));
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

    /// <summary>A node that stops takes its workers with it.</summary>
    public void Dispose()
    {
        foreach (var job in _jobs.Values) job.Cancellation.Cancel();
    }
}

/// <summary>A job started, or why not: another still running, or the log's ends not known right now.</summary>
public sealed record WhatIfStart(WhatIfJob? Started, WhatIfJob? StillRunning, string? LogNotReady);
