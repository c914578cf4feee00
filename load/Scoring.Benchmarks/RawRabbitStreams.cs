using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Scoring.Grains;
using Scoring.Grains.Hosting;
using Scoring.Grains.Messages;
using Scoring.Load;
using Scoring.Node.Ingestion;
using Scoring.Streams.Log;

namespace Scoring.Benchmarks;

/// <summary>
/// The broker's own ceiling on this machine, to compare the cluster against: the load tool's traffic encoded as the
/// cluster's log stores it (an Orleans-serialized payload in a one-entry record), published with confirms in batches
/// to streams (one channel per stream, as the log does), then consumed from the first offset with prefetch and batched
/// acks. No grains, no offsets, no PostgreSQL.
/// </summary>
public static class RawRabbitStreams
{
    private const int Streams = 4, Batch = 200;
    private const ushort Prefetch = 2000;

    public static async Task<object> RunAsync(Uri amqp, int messages)
    {
        if (!amqp.IsLoopback) throw new ArgumentException("benchmarks only ever aim at a loopback address");
        var bodies = Bodies(messages);
        var factory = new ConnectionFactory { Uri = amqp };
        await using var connection = await factory.CreateConnectionAsync();
        var names = Enumerable.Range(0, Streams).Select(i => $"bench.raw.{Guid.NewGuid():N}.{i}").ToArray();
        await using (var setup = await connection.CreateChannelAsync())
            foreach (var name in names)
                await setup.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "stream" });
        try
        {
            var publish = Stopwatch.StartNew();
            await Task.WhenAll(names.Select((name, s) => PublishAsync(connection, name, bodies.Where((_, i) => i % Streams == s).ToList())));
            var publishSeconds = publish.Elapsed.TotalSeconds;

            var consume = Stopwatch.StartNew();
            var consumed = await Task.WhenAll(names.Select((name, s) => ConsumeAsync(connection, name, messages / Streams + (s < messages % Streams ? 1 : 0))));
            var consumeSeconds = consume.Elapsed.TotalSeconds;

            var result = new
            {
                messages,
                streams = Streams,
                averageBodyBytes = Math.Round(bodies.Average(b => b.Body.Length)),
                publishPerSecond = Math.Round(messages / publishSeconds),
                consumePerSecond = Math.Round(consumed.Sum() / consumeSeconds),
            };
            Console.WriteLine($"""
                | raw RabbitMQ streams ({Streams} streams, {messages:N0} messages of ~{result.averageBodyBytes} bytes) | value |
                |---|---|
                | publish, confirmed in batches of {Batch} | {result.publishPerSecond:N0} messages/s |
                | consume from the first offset, prefetch {Prefetch} | {result.consumePerSecond:N0} messages/s |
                """);
            return result;
        }
        finally
        {
            await using var cleanup = await connection.CreateChannelAsync();
            foreach (var name in names) await cleanup.QueueDeleteAsync(name);
        }
    }

    /// <summary>The load tool's traffic, parsed as ingestion parses it and encoded as the log stores it.</summary>
    private static List<(StreamAddress Target, byte[] Body, string DedupKey)> Bodies(int messages)
    {
        using var services = new ServiceCollection().AddScoringSerialization().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var mix = new TrafficMix(20_000, seed: 1, TrafficShares.Default, "raw");
        var bodies = new List<(StreamAddress, byte[], string)>(messages);
        while (bodies.Count < messages)
        {
            using var batch = JsonDocument.Parse(mix.Batch(Batch, DateTimeOffset.UtcNow));
            foreach (var call in batch.RootElement.GetProperty("batch").EnumerateArray())
            {
                if (bodies.Count == messages) break;
                var e = SegmentParser.Parse(call, null, DateTimeOffset.UtcNow, null).Event!;
                var target = GrainKeys.TargetOf(e);
                var dedup = "load:" + e.MessageId;
                bodies.Add((target, RecordCodec.Encode([new LogEntry(target, serializer.SerializeToArray<object>(new Ingested(e)), dedup)]), dedup));
            }
        }
        return bodies;
    }

    private static async Task PublishAsync(IConnection connection, string stream, List<(StreamAddress Target, byte[] Body, string DedupKey)> items)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        foreach (var chunk in items.Chunk(Batch))
        {
            var confirms = new List<Task>(chunk.Length);
            foreach (var item in chunk)
            {
                var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent };
                confirms.Add(channel.BasicPublishAsync(string.Empty, stream, mandatory: true, properties, item.Body).AsTask());
            }
            await Task.WhenAll(confirms);
        }
    }

    private static async Task<long> ConsumeAsync(IConnection connection, string stream, int expected)
    {
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicQosAsync(0, Prefetch, false);
        var received = 0L;
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var n = ++received;
            if (n % 500 == 0 || n == expected) await channel.BasicAckAsync(delivery.DeliveryTag, multiple: true);
            if (n == expected) done.TrySetResult(n);
        };
        await channel.BasicConsumeAsync(stream, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
            arguments: new Dictionary<string, object?> { ["x-stream-offset"] = "first" }, consumer: consumer);
        return await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
    }
}
