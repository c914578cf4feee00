using System.Globalization;
using Scoring.Benchmarks;

// memory <node-url> <write-key> <rep-token> [N]   heap per active lead grain: N new leads sent to a running node (default 1,000,000)
// rabbit <amqp-uri> [messages]                    raw RabbitMQ stream publish/consume of the records the cluster's log carries
// hot [args]                                      the BenchmarkDotNet suite of per-event hot paths (BenchmarkDotNet arguments follow)
// Every verb takes --output <file.json> (last) to write what it measured.
var output = args.Length >= 2 && args[^2] == "--output" ? args[^1] : null;
var rest = output is null ? args : args[..^2];
switch (rest.FirstOrDefault())
{
    case "memory" when rest.Length >= 4:
        var node = new Uri(rest[1]);
        if (!node.IsLoopback) throw new ArgumentException("benchmarks only ever aim at a loopback address");
        ResultFile.Write(output, await MemoryProbe.RunAsync(node, rest[2], rest[3], rest.Length > 4 ? int.Parse(rest[4], CultureInfo.InvariantCulture) : 1_000_000));
        break;
    case "rabbit" when rest.Length >= 2:
        ResultFile.Write(output, await RawRabbitStreams.RunAsync(new Uri(rest[1]), rest.Length > 2 ? int.Parse(rest[2], CultureInfo.InvariantCulture) : 400_000));
        break;
    case "hot":
        ResultFile.Write(output, HotPathsRun.Run(rest[1..]));
        break;
    default:
        Console.Error.WriteLine("usage: Scoring.Benchmarks memory <node-url> <write-key> <rep-token> [N] | rabbit <amqp-uri> [messages] | hot [BenchmarkDotNet arguments]  [--output file.json]");
        return 2;
}
return 0;
