using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Scoring.Testing;

/// <summary>The node as a separate OS process (the built Scoring.Node.dll), so a test can SIGKILL it.</summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private NodeProcess(Process process, Uri baseUri, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _process = process;
        _output = output;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        Rep = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        Rep.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestNode.RepToken);
    }

    public Uri BaseUri { get; }
    public HttpClient Http { get; }
    public HttpClient Rep { get; }

    public static Task<NodeProcess> StartAsync(string dataDirectory) => StartAsync(TestNode.Embedded(dataDirectory));

    public static async Task<NodeProcess> StartAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(NodeDll());
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");
        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(Stamped(e.Data));
            if (ListeningLine().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(Stamped(e.Data)); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new NodeProcess(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)), output);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The node process did not start:\n" + string.Join("\n", output));
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no final checkpoint.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The node's console log has no times of its own; a failover test's report needs them.</summary>
    private static string Stamped(string line) => DateTime.UtcNow.ToString("HH:mm:ss.fff ", System.Globalization.CultureInfo.InvariantCulture) + line;

    /// <summary>What the node has written to stdout and stderr so far, each line behind the UTC time the harness read it.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>SIGSTOP: the process freezes mid-whatever, as a long GC pause or a stalled VM would.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: the frozen process carries on as if nothing happened.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    public static string NodeDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(Engines.RepositoryRoot(), "src", "Scoring.Node", "bin", configuration, "net10.0", "Scoring.Node.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build Scoring.Node first", dll);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Rep.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
