using System.Diagnostics;

namespace Berth.Integration.Tests.Fixtures;

/// <summary>Waiting on real processes without fixed sleeps: check often, give up with a message after a deadline.</summary>
public static class Poll
{
    public static void Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail($"waited {timeout.TotalSeconds:0.#}s for {what}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it gives a value that <paramref name="accept"/> takes; returns that value.</summary>
    public static T Until<T>(Func<T> probe, Func<T, bool> accept, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = probe();
            if (accept(value)) return value;
            if (clock.Elapsed > timeout) Assert.Fail($"waited {timeout.TotalSeconds:0.#}s for {what}; last saw: {value}");
            Thread.Sleep(50);
        }
    }
}
