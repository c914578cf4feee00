using BenchmarkDotNet.Running;

namespace Scoring.Benchmarks;

/// <summary>Runs the <see cref="HotPaths"/> suite (BenchmarkDotNet prints its own table) and returns mean time and allocation per benchmark.</summary>
public static class HotPathsRun
{
    public static object Run(string[] benchmarkDotNetArgs)
    {
        var summary = BenchmarkRunner.Run<HotPaths>(args: benchmarkDotNetArgs);
        return summary.Reports.Select(r => new
        {
            name = r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
            meanNs = r.ResultStatistics is { } s ? Math.Round(s.Mean, 1) : double.NaN,
            allocatedBytes = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase),
        }).ToList();
    }
}
