using Scoring.Node.Models;

namespace Scoring.Node.Tests;

/// <summary>A job's percent: the share of the history's time replayed, since the replay does not read the log to its end.</summary>
public sealed class WhatIfProgressTests
{
    private static readonly DateTimeOffset First = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_fraction_is_how_far_the_latest_input_replayed_lies_between_the_first_and_the_windows_end()
    {
        Assert.Equal(0, new WhatIfProgressReport(0, 0, 0, null, null).FractionOf(To));
        Assert.Equal(0, new WhatIfProgressReport(1, 1, 0, First, First).FractionOf(To));
        Assert.Equal(0.5, new WhatIfProgressReport(10, 10, 0, First, First.AddDays(15)).FractionOf(To));
        Assert.Equal(1, new WhatIfProgressReport(10, 10, 0, First, To.AddTicks(-1)).FractionOf(To), precision: 6);
    }

    [Theory]
    [InlineData("done")]
    [InlineData("failed")]
    [InlineData("cancelled")]
    public void An_ended_jobs_elapsed_time_is_how_long_it_ran_and_stays_so(string ending)
    {
        var job = new WhatIfJob("job", First, To, "draft");
        var running = Elapsed(job);
        var later = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(SpinWait.SpinUntil(() => Elapsed(job) > running, TimeSpan.FromSeconds(5)), "a running job's clock goes on");
        switch (ending)
        {
            case "done": job.Finish(new WhatIfResult(System.Text.Json.JsonDocument.Parse("{}").RootElement, 0, true, [])); break;
            case "failed": job.Fail("broken"); break;
            default: job.Cancelled(); break;
        }
        var ended = Elapsed(job);
        later.Restart();
        SpinWait.SpinUntil(() => later.ElapsedMilliseconds >= 300); // time passes after the end
        Assert.Equal(ended, Elapsed(job));
    }

    private static double Elapsed(WhatIfJob job) =>
        System.Text.Json.JsonSerializer.SerializeToElement(job.Describe()).GetProperty("elapsedSeconds").GetDouble();

    [Fact]
    public void A_history_that_begins_after_the_windows_end_has_nothing_to_replay_and_counts_as_not_begun()
    {
        Assert.Equal(0, new WhatIfProgressReport(3, 0, 0, To.AddDays(1), To.AddDays(2)).FractionOf(To));
    }
}
