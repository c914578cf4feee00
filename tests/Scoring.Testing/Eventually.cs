namespace Scoring.Testing;

/// <summary>Waits for an observable condition with a deadline: the only way tests here wait.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what)
    {
        var stopAt = DateTime.UtcNow + deadline;
        T last;
        while (true)
        {
            last = await probe();
            if (done(last)) return last;
            if (DateTime.UtcNow > stopAt) throw new TimeoutException($"Gave up after {deadline.TotalSeconds:0.#} s waiting for {what}; last value: {last}");
            await Task.Delay(20);
        }
    }

    public static Task Until(Func<bool> condition, TimeSpan deadline, string what) =>
        Until(() => Task.FromResult(condition()), ok => ok, deadline, what);

    public static Task Until(Func<Task<bool>> condition, TimeSpan deadline, string what) =>
        Until(condition, ok => ok, deadline, what);
}
