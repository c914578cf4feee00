using System.Globalization;
using Scoring.Benchmarks;

// memory [N]           memory per active lead grain with N leads held as a partition holds them (default 1,000,000)
// idle [N]             the live runtime on the embedded engine: memory with N leads active, after idle deactivation, under a cap
// rabbit <amqp-uri>    raw RabbitMQ stream publish/consume of the same message bytes the cluster's log carries
// hot [args]           the BenchmarkDotNet suite of per-event hot paths (BenchmarkDotNet arguments follow)
// Every verb takes --output <file.json> (last) to write what it measured.
var output = args.Length >= 2 && args[^2] == "--output" ? args[^1] : null;
var rest = output is null ? args : args[..^2];
int Count(int fallback) => rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : fallback;
switch (rest.FirstOrDefault())
{
    case "memory":
        ResultFile.Write(output, MemoryProbe.Run(Count(1_000_000)));
        break;
    case "idle":
        ResultFile.Write(output, await IdleDeactivationProbe.RunAsync(Count(100_000)));
        break;
    case "rabbit" when rest.Length >= 2:
        ResultFile.Write(output, await RawRabbitStreams.RunAsync(new Uri(rest[1]), rest.Length > 2 ? int.Parse(rest[2], CultureInfo.InvariantCulture) : 400_000));
        break;
    case "hot":
        ResultFile.Write(output, HotPathsRun.Run(rest[1..]));
        break;
    default:
        Console.Error.WriteLine("usage: Scoring.Benchmarks memory [N] | idle [N] | rabbit <amqp-uri> [messages] | hot [BenchmarkDotNet arguments]  [--output file.json]");
        return 2;
}
return 0;
