using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Streams;

namespace Scoring.Streams.Provider;

public static class LogStreamsHostingExtensions
{
    /// <summary>
    /// Adds the log-backed persistent stream provider <paramref name="name"/>: implicit subscriptions only (a grain
    /// consumes the stream of its own key, no pub-sub grain traffic), the pulling agent tuned by <paramref name="options"/>.
    /// The silo must also register the log itself (<c>IPartitionedLog</c>: SQLite embedded, RabbitMQ streams in a cluster).
    /// </summary>
    public static ISiloBuilder AddLogStreams(this ISiloBuilder builder, string name, LogStreamOptions options)
    {
        builder.Services.AddKeyedSingleton(name, options);
        builder.Services.TryAddSingleton<LogQueues>();
        builder.Services.TryAddSingleton<LogStreamWriter>();
        return builder.AddPersistentStreams(name, LogQueueAdapterFactory.Create, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            streams.ConfigurePullingAgent(agent => agent.Configure(a =>
            {
                a.GetQueueMsgsTimerPeriod = options.PollPeriod;
                a.BatchContainerBatchSize = 1; // the receiver batches: one container per stream per pull
                a.MaxEventDeliveryTime = options.MaxDeliveryTime;
                a.StreamInactivityPeriod = options.StreamInactivityPeriod;
            }));
        });
    }
}
