using System.Diagnostics;

namespace Scoring.Cluster.Tests;

public sealed class ComposeFileTests
{
    [Fact]
    public async Task The_compose_file_describes_postgres_rabbitmq_and_three_nodes_and_validates()
    {
        var start = new ProcessStartInfo("docker-compose", ["-f", Path.Combine(Engines.RepositoryRoot(), "docker-compose.yml"), "config"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, errors);
        foreach (var service in new[] { "postgres:", "rabbitmq:", "node-1:", "node-2:", "node-3:" }) Assert.Contains(service, output);
        Assert.Equal(3, output.Split("Scoring__Mode: cluster").Length - 1);
    }
}
