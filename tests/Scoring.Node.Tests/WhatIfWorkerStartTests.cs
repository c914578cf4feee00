using Scoring.Node.Models;

namespace Scoring.Node.Tests;

/// <summary>
/// How the node starts a what-if worker: its own executable with the node's arguments, at the lowest priority, with
/// a collector of one heap. The runtime reads its collector's kind from the environment before any of the worker's
/// code runs, so the start is where it must be set.
/// </summary>
public sealed class WhatIfWorkerStartTests
{
    private static readonly string[] NodeArguments = ["--urls", "http://127.0.0.1:1"];

    [Fact]
    public void The_worker_runs_the_workstation_collector_beside_the_node_s_server_collector()
    {
        var info = WhatIfWorkerProcess.StartInfo(NodeArguments, nice: 19);

        Assert.Equal("0", info.Environment["DOTNET_gcServer"]);
    }

    [Fact]
    public void The_worker_runs_the_node_executable_in_the_idle_class_at_nice_19_with_the_node_s_arguments()
    {
        var info = WhatIfWorkerProcess.StartInfo(NodeArguments, nice: 19);
        var command = new[] { info.FileName }.Concat(info.ArgumentList).ToList();

        Assert.True(File.Exists("/usr/bin/chrt") && File.Exists("/usr/bin/nice"), "this machine has chrt and nice (util-linux, coreutils)");
        Assert.Equal(["/usr/bin/chrt", "--idle", "0", "/usr/bin/nice", "-n", "19"], command.Take(6));
        Assert.Equal([typeof(WhatIfWorker).Assembly.Location, WhatIfWorker.Verb, .. NodeArguments], command.TakeLast(4));
    }

    [Fact]
    public void A_worker_above_the_lowest_priority_is_only_niced()
    {
        var info = WhatIfWorkerProcess.StartInfo(NodeArguments, nice: 18);
        var command = new[] { info.FileName }.Concat(info.ArgumentList).ToList();

        Assert.DoesNotContain("/usr/bin/chrt", command);
        Assert.Equal(["/usr/bin/nice", "-n", "18"], command.Take(3));
    }
}
