using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;
using Scoring.Streams.Log;
using Scoring.Streams.Provider;

namespace Scoring.Streams.Tests;

/// <summary>
/// A container goes to another silo when its stream's grain lives there: the copy must still decode its events,
/// with the serializer of the silo it landed on.
/// </summary>
public sealed class LogBatchContainerSerializationTests
{
    [Fact]
    public void A_container_copied_to_another_silo_decodes_its_events_there()
    {
        using var sender = Silo();
        using var receiver = Silo();
        var senderSerializer = sender.Services.GetRequiredService<Serializer>();
        var payloads = new[] { "first", "second" }.Select(text => (ReadOnlyMemory<byte>)senderSerializer.SerializeToArray<object>(text)).ToArray();
        var container = new LogBatchContainer(LogBatchContainer.StreamIdOf(new StreamAddress("lead", "u1")), [new LogPosition(7, 0), new LogPosition(9, 2)],
            payloads, senderSerializer);

        var bytes = senderSerializer.SerializeToArray(container);
        var copy = receiver.Services.GetRequiredService<Serializer>().Deserialize<LogBatchContainer>(bytes)!;

        var events = copy.GetEvents<string>().ToList();
        Assert.Equal(["first", "second"], events.Select(e => e.Item1));
        Assert.Equal([new LogPosition(7, 0), new LogPosition(9, 2)], events.Select(e => LogBatchContainer.PositionOf(e.Item2)));
        Assert.Equal(container.StreamId, copy.StreamId);
    }

    /// <summary>A silo's services, built and not started: its serializer is what a delivery from another silo goes through.</summary>
    private static IHost Silo() => new HostBuilder().UseOrleans(silo => silo.UseLocalhostClustering()).Build();
}
