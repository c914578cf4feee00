namespace Scoring.Testing;

/// <summary>A throwaway RabbitMQ node on a free loopback port (and its Erlang distribution port, 20000 above).</summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private RabbitMqServer(TempDirectory dir, int port, Uri uri)
    {
        _dir = dir;
        Port = port;
        Uri = uri;
    }

    public int Port { get; }
    public Uri Uri { get; }

    public static async Task<RabbitMqServer> StartAsync()
    {
        var port = Engines.FreePort(alsoFreeAt: 20_000);
        var dir = new TempDirectory("rabbit");
        var uri = await Engines.RunAsync("start-rabbitmq", dir.Path, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new RabbitMqServer(dir, port, new Uri(uri));
    }

    public Task StopAsync() => Engines.RunAsync("stop-rabbitmq", _dir.Path);

    public Task RestartAsync() => Engines.RunAsync("start-rabbitmq", _dir.Path, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _dir.Dispose();
    }
}
