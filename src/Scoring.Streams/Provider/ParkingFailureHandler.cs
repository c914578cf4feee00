using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
using Scoring.Streams.Log;

namespace Scoring.Streams.Provider;

/// <summary>
/// The pulling agent gives up on a delivery after <see cref="LogStreamOptions.MaxDeliveryTime"/> and moves on; on a log
/// of our own nothing would ever deliver those entries again. So they are parked, durably, with the reason, before the
/// agent moves on (it awaits this handler), and only then count as done for the partition's committed offset. If the
/// log cannot take them (it is down), this retries, holding that one stream back, until it can or the silo stops; then
/// they were never done and the partition's next reader delivers them again.
/// </summary>
internal sealed class ParkingFailureHandler(
    QueueId queue,
    LogQueues queues,
    IPartitionedLog log,
    LogStreamOptions options,
    TimeProvider clock,
    ILogger logger) : IStreamFailureHandler
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public bool ShouldFaultSubsriptionOnError => false;

    public async Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamId, StreamSequenceToken? sequenceToken)
    {
        var failed = queues.Cache(queue)?.TakeFailures(streamId) ?? [];
        var reason = $"delivery to {streamId} did not succeed within {options.MaxDeliveryTime} (the node log has each attempt's exception)";
        var now = clock.GetUtcNow();
        var partition = LogQueueMapper.PartitionOf(queue);
        var parked = failed.SelectMany(c => Enumerable.Range(0, c.Count)
            .Select(i => new ParkedEntry(partition, c.PositionOf(i), LogBatchContainer.AddressOf(streamId), c.PayloadOf(i).ToArray(), reason, now))).ToList();
        if (parked.Count == 0) return;

        while (queues.Receiver(queue) is { IsShutDown: false })
        {
            try
            {
                await log.ParkAsync(parked, CancellationToken.None);
                queues.Receiver(queue)?.CountParked(parked.Count);
                logger.LogError("Parked {Count} entries of {Stream} from {Position}: {Reason}", parked.Count, streamId, parked[0].Position, reason);
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Could not park entries of {Stream} ({Message}); retrying", streamId, e.Message);
                await Task.Delay(RetryDelay, clock);
            }
        }
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamId, StreamSequenceToken? sequenceToken)
    {
        // The agent keeps a cursor and tries delivering anyway; a delivery that then fails is parked above.
        logger.LogWarning("Subscription handshake with the consumer of {Stream} failed at {Token}; delivery will be attempted", streamId, sequenceToken);
        return Task.CompletedTask;
    }
}
