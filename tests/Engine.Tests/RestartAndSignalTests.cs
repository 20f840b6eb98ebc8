using Berth.Engine.Containers;
using Berth.Engine.Lifecycle;
using Berth.Engine.Monitor;
using Berth.Sys.Errors;

namespace Berth.Engine.Tests;

public class RestartAndSignalTests
{
    [Theory]
    [InlineData("no", 0, 1, 0, false, false)]
    [InlineData("always", 0, 0, 5, false, true)]
    [InlineData("always", 0, 0, 5, true, false)]
    [InlineData("unless-stopped", 0, 1, 0, false, true)]
    [InlineData("on-failure", 0, 0, 0, false, false)]
    [InlineData("on-failure", 0, 1, 100, false, true)]
    [InlineData("on-failure", 2, 1, 1, false, true)]
    [InlineData("on-failure", 2, 1, 2, false, false)]
    public void RestartPolicies(string policy, int max, int exitCode, int restarts, bool stoppedByUser, bool expected) =>
        Assert.Equal(expected, RestartDecision.ShouldRestart(new RestartPolicy { Name = policy, MaximumRetryCount = max }, exitCode, restarts, stoppedByUser));

    [Fact]
    public void BackoffDoublesAndResetsAfterALongRun()
    {
        var first = RestartDecision.Backoff(TimeSpan.Zero, TimeSpan.FromMilliseconds(5));
        Assert.Equal(TimeSpan.FromMilliseconds(100), first);
        Assert.Equal(TimeSpan.FromMilliseconds(200), RestartDecision.Backoff(first, TimeSpan.FromMilliseconds(5)));
        Assert.Equal(TimeSpan.FromMilliseconds(100), RestartDecision.Backoff(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(11)));
        Assert.Equal(TimeSpan.FromMinutes(1), RestartDecision.Backoff(TimeSpan.FromSeconds(50), TimeSpan.Zero));
    }

    [Theory]
    [InlineData("SIGTERM", 15)]
    [InlineData("TERM", 15)]
    [InlineData("kill", 9)]
    [InlineData("9", 9)]
    [InlineData("SIGUSR1", 10)]
    [InlineData("SIGRTMIN+3", 37)]
    [InlineData("WINCH", 28)]
    public void SignalNames(string text, int number) => Assert.Equal(number, Signals.Parse(text));

    [Fact]
    public void UnknownSignalIsRefused() => Assert.Throws<BerthException>(() => Signals.Parse("SIGBOGUS"));
}
