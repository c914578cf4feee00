using Scoring.Node.Models;

namespace Scoring.Node.Tests;

/// <summary>
/// How the node starts a what-if worker: its own executable with the node's arguments, at the lowest priority, with
/// a collector of one heap that runs only on the worker's own thread. The runtime reads its collector's kind from the environment before any of the worker's
/// code runs, so the start is where it must be set.
/// </summary>
public sealed class WhatIfWorkerStartTests
{
    private static readonly string[] NodeArguments = ["--urls", "http://127.0.0.1:1"];

    /// <summary>The worker's command line as it is started: the program, then its arguments.</summary>
    private static List<string> Command(int nice)
    {
        var info = WhatIfWorkerProcess.StartInfo(NodeArguments, nice);
        return [info.FileName, .. info.ArgumentList];
    }

    [Fact]
    public void The_worker_runs_the_workstation_collector_beside_the_node_s_server_collector()
    {
        var info = WhatIfWorkerProcess.StartInfo(NodeArguments, nice: 19);

        Assert.Equal("0", info.Environment["DOTNET_gcServer"]);
    }

    [Fact]
    public void The_worker_collects_only_on_its_own_thread_so_never_while_it_holds()
    {
        var info = WhatIfWorkerProcess.StartInfo(NodeArguments, nice: 19);

        Assert.Equal("0", info.Environment["DOTNET_gcConcurrent"]);
    }

    [Fact]
    public void The_worker_runs_the_node_executable_in_the_idle_class_at_nice_19_with_the_node_s_arguments()
    {
        var command = Command(nice: 19);

        Assert.True(File.Exists("/usr/bin/chrt") && File.Exists("/usr/bin/nice"), "this machine has chrt and nice (util-linux, coreutils)");
        Assert.Equal(["/usr/bin/chrt", "--idle", "0", "/usr/bin/nice", "-n", "19"], command.Take(6));
        Assert.Equal([typeof(WhatIfWorker).Assembly.Location, WhatIfWorker.Verb, .. NodeArguments], command.TakeLast(4));
    }

    [Fact]
    public void A_worker_above_the_lowest_priority_is_only_niced()
    {
        var command = Command(nice: 18);

        Assert.DoesNotContain("/usr/bin/chrt", command);
        Assert.Equal(["/usr/bin/nice", "-n", "18"], command.Take(3));
    }
}
