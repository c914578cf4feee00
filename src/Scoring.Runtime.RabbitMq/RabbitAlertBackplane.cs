using System.Text.Json;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Scoring.Runtime.Ports;

namespace Scoring.Runtime.RabbitMq;

/// <summary>
/// Carries committed alerts from the node that owns a partition to every node's local feed: a fanout exchange
/// with one exclusive queue per node, the usual SignalR backplane shape. The wire is best effort; the alert table
/// is the record, and a rep who missed something catches up from it by <c>lastAlertId</c> (invariant 7).
/// </summary>
public sealed class RabbitAlertBackplane(Uri uri, IAlertSink local, ILogger<RabbitAlertBackplane> logger, string exchange = "scoring.alerts")
    : IAlertSink, IAsyncDisposable
{
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private IConnection? _connection;
    private IChannel? _publisher;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = uri, AutomaticRecoveryEnabled = true, TopologyRecoveryEnabled = true, ClientProvidedName = "scoring-backplane" };
        _connection = await factory.CreateConnectionAsync(cancellationToken);
        _publisher = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await _publisher.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);

        var consuming = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = await consuming.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken);
        await consuming.QueueBindAsync(queue.QueueName, exchange, string.Empty, cancellationToken: cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(consuming);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var alerts = JsonSerializer.Deserialize<List<StoredAlert>>(delivery.Body.Span);
            if (alerts is { Count: > 0 }) local.Publish(alerts);
            return Task.CompletedTask;
        };
        await consuming.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, cancellationToken);
    }

    public void Publish(IReadOnlyList<StoredAlert> alerts) => _ = PublishAsync(alerts);

    private async Task PublishAsync(IReadOnlyList<StoredAlert> alerts)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(alerts);
        await _publishing.WaitAsync();
        try
        {
            await _publisher!.BasicPublishAsync(exchange, string.Empty, body);
        }
        catch (Exception e)
        {
            logger.LogWarning("Alerts {First} and on were not broadcast ({Message}); reps get them on catch-up", alerts[0].Alert.AlertId, e.Message);
        }
        finally
        {
            _publishing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
