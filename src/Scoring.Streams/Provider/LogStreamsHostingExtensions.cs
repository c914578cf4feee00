using Orleans.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Streams;

namespace Scoring.Streams.Provider;

public static class LogStreamsHostingExtensions
{
    /// <summary>
    /// Adds the log-backed persistent stream provider <paramref name="name"/>: implicit subscriptions only (a grain
    /// consumes the stream of its own key, no pub-sub grain traffic), the pulling agent tuned by <paramref name="options"/>.
    /// The silo must also register the log itself (<c>IPartitionedLog</c>: SQLite embedded, RabbitMQ streams in a cluster).
    /// </summary>
    /// <param name="spreadOverLiveSilos">
    /// For a cluster: partitions are spread evenly over the live silos by Orleans' deployment-based balancer (a silo that
    /// joins takes its share after <paramref name="maturity"/>; a silo declared dead leaves its share to the others at once).
    /// </param>
    public static ISiloBuilder AddLogStreams(this ISiloBuilder builder, string name, LogStreamOptions options, bool spreadOverLiveSilos = false,
        TimeSpan? maturity = null)
    {
        builder.Services.AddKeyedSingleton(name, options);
        builder.Services.TryAddSingleton<LogQueues>();
        builder.Services.AddKeyedSingleton<IControllable, SiloPartitionsReport>(SiloPartitionsReport.Name);
        // The control command names the report's type; Orleans refuses to put a type on the wire it was not told of.
        builder.Services.Configure<Orleans.Serialization.Configuration.TypeManifestOptions>(o => o.AddAllowedType(typeof(SiloPartitionsReport)));
        builder.Services.TryAddSingleton<LogStreamWriter>();
        return builder.AddPersistentStreams(name, LogQueueAdapterFactory.Create, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            if (spreadOverLiveSilos)
            {
                streams.ConfigurePartitionBalancing<DeploymentBasedQueueBalancerOptions>(
                    (services, provider) => DeploymentBasedQueueBalancer.Create(services, provider, new LiveSilos(services.GetRequiredService<IClusterMembershipService>())),
                    balancer => balancer.Configure(o =>
                    {
                        o.IsFixed = false;
                        o.SiloMaturityPeriod = maturity ?? TimeSpan.FromSeconds(5);
                    }));
            }
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
