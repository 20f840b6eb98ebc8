using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>--restart, applied by the monitor: on-failure[:N], always, unless-stopped, and stop/kill ending the restarts.</summary>
public sealed class RestartPolicyTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    int RestartCount(string name) => int.Parse(berth.Inspect(name, "{{.RestartCount}}"));

    [Fact]
    public void OnFailureRunsNPlusOneTimesThenStays()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, "--restart", "on-failure:2", BerthFixture.Image, "sh", "-c", "echo run; exit 3").Ok();

        Poll.Until(() => HostProcesses.MonitorOf(berth.RunRoot, berth.Id(name)) is null, Patience, "the monitor to give up");

        Assert.Equal("2 exited 3", berth.Inspect(name, "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}"));
        Assert.Equal(["run", "run", "run"], berth.Run("logs", name).Ok().Lines);
        Assert.Equal("3\n", berth.Run("wait", name).Ok().Stdout);
        Assert.DoesNotContain(berth.Id(name), berth.CgroupIds());
    }

    [Fact]
    public void WaitEndsAtTheFirstExitEvenWhenARestartFollows()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, "--restart", "always", BerthFixture.Image, "sh", "-c", "sleep 0.3; exit 5").Ok();

        // As docker's: the exit code of the run that ended, not the 0 of the run that follows it.
        Assert.Equal("5\n", berth.Run(["wait", name], null, Patience).Ok().Stdout);

        Poll.Until(() => RestartCount(name) >= 1, Patience, "the restart");
        berth.Run("stop", "-t", "0", name).Ok();
    }

    [Fact]
    public void OnFailureDoesNotRestartASuccess()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, "--restart", "on-failure", BerthFixture.Image, "sh", "-c", "echo run; exit 0").Ok();

        Assert.Equal("0\n", berth.Run("wait", name).Ok().Stdout);

        Poll.Until(() => HostProcesses.MonitorOf(berth.RunRoot, berth.Id(name)) is null, Patience, "the monitor to exit");
        Assert.Equal(0, RestartCount(name));
        Assert.Equal(["run"], berth.Run("logs", name).Ok().Lines);
    }

    [Theory]
    [InlineData("always")]
    [InlineData("unless-stopped")]
    public void RestartsEvenACleanExitUntilStopped(string policy)
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, "--restart", policy, BerthFixture.Image, "sh", "-c", "trap 'exit 0' TERM; echo run; sleep 0.2").Ok();
        Poll.Until(() => RestartCount(name) >= 2, Patience, "two restarts");

        berth.Run("stop", name).Ok();

        Assert.Equal("exited false false", berth.Inspect(name, "{{.State.Status}} {{.State.Running}} {{.State.Restarting}}"));
        var count = RestartCount(name);
        Poll.Until(() => HostProcesses.MonitorOf(berth.RunRoot, berth.Id(name)) is null, Patience, "the monitor to stop restarting");
        Thread.Sleep(500);
        Assert.Equal(count, RestartCount(name));
        Assert.Equal("exited", berth.Inspect(name, "{{.State.Status}}"));
        Assert.DoesNotContain(name, berth.Run("ps", "--format", "{{.Names}}").Ok().Lines);
        // Every restart followed a run that had logged.
        Assert.True(berth.Run("logs", name).Ok().Lines.Length >= count);
    }

    [Fact]
    public void StopLandingMidRestartStillStopsForGood()
    {
        // Quick runs and the first, short backoffs: the stops land on every phase of the cycle, the launch of a restart too.
        for (var i = 0; i < 10; i++)
        {
            var name = BerthFixture.UniqueName();
            berth.Run("run", "-d", "--name", name, "--restart", "always", BerthFixture.Image, "sh", "-c", "sleep 0.05; exit 5").Ok();
            Thread.Sleep(Random.Shared.Next(600));

            berth.Run(["stop", "-t", "0", name], null, TimeSpan.FromSeconds(10)).Ok();

            Assert.Equal("exited", berth.Inspect(name, "{{.State.Status}}"));
            Poll.Until(() => HostProcesses.MonitorOf(berth.RunRoot, berth.Id(name)) is null, Patience, $"the monitor of {name} to exit");
        }
    }

    [Fact]
    public void StopDuringALongBackoffReturnsPromptly()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, "--restart", "always", BerthFixture.Image, "sh", "-c", "exit 5").Ok();
        // Five quick failures: the next backoff is 3.2 s.
        Poll.Until(() => RestartCount(name) >= 5, Patience, "five restarts");
        Poll.Until(() => berth.Inspect(name, "{{.State.Status}}") == "restarting", Patience, "the backoff");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        berth.Run("stop", name).Ok();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stop took {clock.Elapsed}");
        Assert.Equal("exited", berth.Inspect(name, "{{.State.Status}}"));
    }

    [Fact]
    public void KillAlsoEndsTheRestarts()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, "--restart", "always", BerthFixture.Image, "sleep", "300").Ok();

        berth.Run("kill", name).Ok();

        Poll.Until(() => HostProcesses.MonitorOf(berth.RunRoot, berth.Id(name)) is null, Patience, "the monitor to exit");
        Assert.Equal("exited 137 0", berth.Inspect(name, "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}"));
    }

    [Fact]
    public void RestartPolicyIsRecorded()
    {
        var name = BerthFixture.UniqueName();

        berth.Run("create", "--name", name, "--restart", "on-failure:5", BerthFixture.Image, "true").Ok();

        Assert.Equal("on-failure 5", berth.Inspect(name, "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}"));
    }

    [Theory]
    [InlineData(new[] { "--restart", "always", "--rm" }, "Error: conflicting options: cannot specify both --restart and --rm\n")]
    [InlineData(new[] { "--restart", "sometimes" }, "Error: invalid restart policy 'sometimes': use no, always, unless-stopped or on-failure[:max-retries]\n")]
    [InlineData(new[] { "--restart", "always:3" }, "Error: maximum retry count cannot be used with restart policy 'always'\n")]
    public void InvalidPoliciesAreRefused(string[] flags, string message)
    {
        var before = berth.Leftovers();

        var result = berth.Run(["run", "-d", .. flags, BerthFixture.Image, "true"], null);

        Assert.Equal(125, result.Exit);
        Assert.Equal(message, result.Stderr);
        berth.AssertNothingLeftSince(before);
    }
}
