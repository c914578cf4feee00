using Microsoft.Extensions.Logging;
using Orleans.Providers;
using Orleans.Runtime;

namespace Scoring.Streams.Provider;

/// <summary>One silo's answer: who it is and the partitions it reads.</summary>
[GenerateSerializer, Immutable]
public sealed record SiloPartitions([property: Id(0)] string Silo, [property: Id(1)] string Address, [property: Id(2)] IReadOnlyList<PartitionProgress> Partitions);

/// <summary>
/// Answers Orleans' per-silo control command (<see cref="IManagementGrain.SendControlCommandToProvider{T}"/>) with this
/// silo's partitions, so any node can show the whole cluster's assignment and lag. Orleans' own pulling manager
/// answers such commands with its agents' queue ids only, not their progress.
/// </summary>
public sealed class SiloPartitionsReport(LogQueues queues, ILocalSiloDetails silo) : IControllable
{
    /// <summary>The name the report is registered under (Orleans finds controllables by name).</summary>
    public const string Name = "scoring-partitions";

    public Task<object?> ExecuteCommand(int command, object? arg) =>
        Task.FromResult<object?>(new SiloPartitions(silo.Name, silo.SiloAddress.ToParsableString(), queues.Local));

    /// <summary>
    /// Every silo's partitions, or null while one cannot answer (it just died and is not yet declared dead): a status
    /// page answers with what it knows rather than failing.
    /// </summary>
    public static async Task<IReadOnlyList<SiloPartitions>?> ClusterAsync(IGrainFactory grains, ILogger logger)
    {
        try
        {
            var answers = await grains.GetGrain<IManagementGrain>(0).SendControlCommandToProvider<SiloPartitionsReport>(Name, 0, null);
            return [.. answers.OfType<SiloPartitions>().OrderBy(s => s.Silo, StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogInformation("The cluster's partitions are not known right now: {Message}", e.Message);
            return null;
        }
    }
}
