using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Streams;
using Scoring.Streams.Log;

namespace Scoring.Streams.Provider;

/// <summary>The stream provider's parts, built from the silo's services: adapter, per-queue caches, queue mapper, failure handlers.</summary>
public sealed class LogQueueAdapterFactory : IQueueAdapterFactory, IQueueAdapterCache
{
    private readonly string _name;
    private readonly LogStreamOptions _options;
    private readonly IPartitionedLog _log;
    private readonly Serializer _serializer;
    private readonly LogQueues _queues;
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggers;
    private readonly LogQueueMapper _mapper;

    public LogQueueAdapterFactory(string name, LogStreamOptions options, IPartitionedLog log, Serializer serializer, LogQueues queues,
        TimeProvider clock, ILoggerFactory loggers)
    {
        if (log.Partitions != options.Partitions)
            throw new InvalidOperationException($"the log has {log.Partitions} partitions; the stream provider '{name}' was configured with {options.Partitions}");
        (_name, _options, _log, _serializer, _queues, _clock, _loggers) = (name, options, log, serializer, queues, clock, loggers);
        _mapper = new LogQueueMapper(options.Partitions, name);
    }

    public static LogQueueAdapterFactory Create(IServiceProvider services, string name) =>
        new(name, services.GetRequiredKeyedService<LogStreamOptions>(name), services.GetRequiredService<IPartitionedLog>(), services.GetRequiredService<Serializer>(),
            services.GetRequiredService<LogQueues>(), services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetRequiredService<ILoggerFactory>());

    public Task<IQueueAdapter> CreateAdapter() =>
        Task.FromResult<IQueueAdapter>(new LogQueueAdapter(_name, _log, _options, _serializer, _queues, _clock, _loggers));

    public IQueueAdapterCache GetQueueAdapterCache() => this;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new ParkingFailureHandler(queueId, _queues, _log, _options, _clock,
            _loggers.CreateLogger($"{typeof(ParkingFailureHandler).FullName}.{_name}")));

    public IQueueCache CreateQueueCache(QueueId queueId)
    {
        var cache = new LogQueueCache(_options.CacheSize);
        _queues.Add(queueId, cache);
        return cache;
    }
}
