using Microsoft.Extensions.Logging;
using Scoring.Grains.Journal;
using Scoring.Grains.Models;
using Scoring.Model.Routing;
using Scoring.Streams.Provider;

namespace Scoring.Grains.Hosting;

/// <summary>What every grain shell needs: the model and routing its decisions use, and the ports its effects go through.</summary>
public sealed class GrainServices(
    LiveModels models,
    RoutingTable routing,
    LogStreamWriter writer,
    IJournalStore journal,
    IAlertFeed feed,
    TimeProvider clock,
    GrainOptions options,
    GrainMetrics metrics,
    ILoggerFactory loggers,
    ICommitOrdering? commitOrdering = null)
{
    /// <summary>Every published model version; a decider picks the one live at each input's time.</summary>
    public LiveModels Models { get; } = models;
    public RoutingTable Routing { get; } = routing;
    public LogStreamWriter Writer { get; } = writer;
    public IJournalStore Journal { get; } = journal;
    public IAlertFeed Feed { get; } = feed;
    public TimeProvider Clock { get; } = clock;
    public GrainOptions Options { get; } = options;
    public GrainMetrics Metrics { get; } = metrics;
    public ILoggerFactory Loggers { get; } = loggers;

    /// <summary>Present when the journal and the grains' states commit in issue order (<see cref="ICommitOrdering"/>).</summary>
    public ICommitOrdering? CommitOrdering { get; } = commitOrdering;
}
