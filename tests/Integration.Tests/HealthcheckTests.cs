using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>Healthchecks run by the monitor inside the container: starting, unhealthy after the retries, healthy again, timeouts, start period, --no-healthcheck.</summary>
public sealed class HealthcheckTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    string Health(string name) => berth.Inspect(name, "{{.State.Health.Status}}");

    void AwaitHealth(string name, string status) => Poll.Until(() => Health(name), s => s == status, Patience, $"{name} to be {status}");

    [Fact]
    public void StatusFollowsTheProbeBothWays()
    {
        var name = berth.RunSleeping("--health-cmd", "cat /tmp/ok", "--health-interval", "100ms", "--health-retries", "2");

        AwaitHealth(name, "unhealthy");

        Assert.True(int.Parse(berth.Inspect(name, "{{.State.Health.FailingStreak}}")) >= 2);
        Assert.Equal("1", berth.Inspect(name, "{{(index .State.Health.Log 0).ExitCode}}"));
        Assert.Contains("can't open '/tmp/ok'", berth.Inspect(name, "{{(index .State.Health.Log 0).Output}}"));
        Assert.EndsWith("(unhealthy)", berth.Run("ps", "--filter", $"name={name}", "--format", "{{.Status}}").Ok().Stdout.Trim());

        berth.Run("exec", name, "sh", "-c", "echo fine > /tmp/ok").Ok();

        AwaitHealth(name, "healthy");
        Assert.Equal("0", berth.Inspect(name, "{{.State.Health.FailingStreak}}"));
        var log = JsonDocument.Parse(berth.Inspect(name, "{{json .State.Health.Log}}")).RootElement;
        var last = log[log.GetArrayLength() - 1];
        Assert.Equal(0, last.GetProperty("ExitCode").GetInt32());
        Assert.Equal("fine\n", last.GetProperty("Output").GetString());
        Assert.EndsWith("(healthy)", berth.Run("ps", "--filter", $"name={name}", "--format", "{{.Status}}").Ok().Stdout.Trim());
        Assert.Contains(berth.Id(name)[..12], berth.Run("ps", "-q", "--filter", "health=healthy").Ok().Lines);

        berth.Run("exec", name, "rm", "/tmp/ok").Ok();

        AwaitHealth(name, "unhealthy");
    }

    [Fact]
    public void StartsInStartingUntilTheFirstProbe()
    {
        var name = berth.RunSleeping("--health-cmd", "true", "--health-interval", "1h");

        Assert.Equal("starting", Health(name));
        Assert.EndsWith("(health: starting)", berth.Run("ps", "--filter", $"name={name}", "--format", "{{.Status}}").Ok().Stdout.Trim());
    }

    [Fact]
    public void ProbeRunningPastItsTimeoutCountsAsAFailure()
    {
        var name = berth.RunSleeping("--health-cmd", "sleep 30", "--health-interval", "100ms", "--health-timeout", "300ms", "--health-retries", "1");

        AwaitHealth(name, "unhealthy");

        Assert.Equal("-1", berth.Inspect(name, "{{(index .State.Health.Log 0).ExitCode}}"));
        Assert.Contains("Health check exceeded timeout", berth.Inspect(name, "{{(index .State.Health.Log 0).Output}}"));
        // The killed probe leaves nothing running beside the container's own process.
        Poll.Until(() => berth.Run("exec", name, "ps", "-o", "comm").Ok().Lines.Count(l => l == "sleep") == 1, Patience, "the timed-out probe to be killed");
    }

    [Fact]
    public void FailuresInTheStartPeriodDoNotCount()
    {
        var name = berth.RunSleeping("--health-cmd", "false", "--health-interval", "100ms", "--health-retries", "1", "--health-start-period", "3s");

        Poll.Until(() => berth.Inspect(name, "{{len .State.Health.Log}}"), n => int.Parse(n) >= 2, Patience, "probes in the start period");

        Assert.Equal("starting 0", berth.Inspect(name, "{{.State.Health.Status}} {{.State.Health.FailingStreak}}"));
        AwaitHealth(name, "unhealthy");
    }

    [Fact]
    public void NoHealthcheckDisablesIt()
    {
        var name = berth.RunSleeping("--no-healthcheck");

        Assert.Equal("null [\"NONE\"]", berth.Inspect(name, "{{json .State.Health}} {{json .Config.Healthcheck.Test}}"));
        Assert.DoesNotContain("health", berth.Run("ps", "--filter", $"name={name}", "--format", "{{.Status}}").Ok().Stdout);
    }

    [Fact]
    public void NoHealthcheckConflictsWithAHealthCommand()
    {
        var before = berth.Leftovers();

        var result = berth.Run("run", "-d", "--no-healthcheck", "--health-cmd", "true", BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        Assert.Equal("Error: --no-healthcheck conflicts with --health-* options\n", result.Stderr);
        berth.AssertNothingLeftSince(before);
    }

    [Fact]
    public void HealthStateEndsWithTheContainer()
    {
        var name = berth.RunSleeping("--health-cmd", "true", "--health-interval", "100ms");
        AwaitHealth(name, "healthy");

        berth.Run("stop", "-t", "0", name).Ok();

        Assert.Equal("exited", berth.Inspect(name, "{{.State.Status}}"));
        Assert.DoesNotContain("health", berth.Run("ps", "-a", "--filter", $"name={name}", "--format", "{{.Status}}").Ok().Stdout);
    }
}
