using System.Globalization;
using BenchmarkDotNet.Running;
using Scoring.Benchmarks;

// memory [N]   memory per active lead grain with N leads (default 1,000,000)
// hot [args]   the BenchmarkDotNet suite of per-event hot paths (BenchmarkDotNet arguments follow, e.g. --job short)
switch (args.FirstOrDefault())
{
    case "memory":
        MemoryProbe.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000);
        break;
    case "hot":
        BenchmarkRunner.Run<HotPaths>(args: args[1..]);
        break;
    default:
        Console.Error.WriteLine("usage: Scoring.Benchmarks memory [N] | hot [BenchmarkDotNet arguments]");
        return 2;
}
return 0;
