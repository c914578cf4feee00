using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Scoring.Testing;

/// <summary>Runs scripts/engines.sh, the one place that knows how to start throwaway PostgreSQL and RabbitMQ servers.</summary>
public static class Engines
{
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory);
    }

    public static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "engines.sh"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (process.ExitCode != 0) throw new InvalidOperationException($"engines.sh {string.Join(' ', arguments)} failed: {await errors}");
        return (await output).Trim();
    }

    /// <summary>A loopback port nothing listens on now (and, if asked, port + <paramref name="alsoFreeAt"/> too).</summary>
    public static int FreePort(int alsoFreeAt = 0)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 40_000);
            if (IsFree(port) && (alsoFreeAt == 0 || IsFree(port + alsoFreeAt))) return port;
        }
        throw new InvalidOperationException("no free loopback port found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
