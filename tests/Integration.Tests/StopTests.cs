using System.Diagnostics;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>`stop`: the stop signal first, SIGKILL once the timeout has passed, and only returning once the exit is recorded.</summary>
public sealed class StopTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    string RunTrapping(string script, params string[] flags)
    {
        var name = BerthFixture.UniqueName();
        berth.Run(["run", "-d", "--name", name, .. flags, BerthFixture.Image, "sh", "-c", script + "; echo ready; while :; do sleep 0.05; done"], null).Ok();
        Poll.Until(() => berth.Run("logs", name).Stdout.Contains("ready"), Patience, $"{name} to set its traps");
        return name;
    }

    [Fact]
    public void ContainerTrappingTermExitsWithItsOwnCode()
    {
        var name = RunTrapping("trap 'echo terminating; exit 42' TERM");
        var clock = Stopwatch.StartNew();

        Assert.Equal($"{name}\n", berth.Run("stop", name).Ok().Stdout);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stop took {clock.Elapsed}: the TERM was not acted on");
        Assert.Equal("exited 42 false", berth.Inspect(name, "{{.State.Status}} {{.State.ExitCode}} {{.State.Running}}"));
        Assert.Contains("terminating", berth.Run("logs", name).Stdout);
    }

    [Fact]
    public void ContainerIgnoringTermIsKilledAfterTheTimeout()
    {
        var name = RunTrapping("trap '' TERM");
        var pid = int.Parse(berth.Inspect(name, "{{.State.Pid}}"));
        var clock = Stopwatch.StartNew();

        berth.Run("stop", "-t", "2", name).Ok();

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8));
        Assert.Equal("exited 137", berth.Inspect(name, "{{.State.Status}} {{.State.ExitCode}}"));
        Assert.False(HostProcesses.IsAlive(pid));
        Assert.DoesNotContain(berth.Id(name), berth.CgroupIds());
    }

    [Fact]
    public void StopTimeoutOfTheContainerIsTheDefault()
    {
        var name = RunTrapping("trap '' TERM", "--stop-timeout", "1");
        var clock = Stopwatch.StartNew();

        berth.Run("stop", name).Ok();

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7));
        Assert.Equal("137", berth.Inspect(name, "{{.State.ExitCode}}"));
    }

    [Fact]
    public void ZeroTimeoutKillsAtOnce()
    {
        var name = RunTrapping("trap 'exit 42' TERM");
        var clock = Stopwatch.StartNew();

        berth.Run("stop", "-t", "0", name).Ok();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"stop -t 0 took {clock.Elapsed}");
        Assert.Equal("137", berth.Inspect(name, "{{.State.ExitCode}}"));
    }

    [Fact]
    public void StopSignalOfTheContainerIsSentInsteadOfTerm()
    {
        var name = RunTrapping("trap 'exit 10' USR1; trap 'exit 15' TERM", "--stop-signal", "SIGUSR1");

        berth.Run("stop", name).Ok();

        Assert.Equal("10", berth.Inspect(name, "{{.State.ExitCode}}"));
        Assert.Equal("SIGUSR1", berth.Inspect(name, "{{.Config.StopSignal}}"));
    }

    [Fact]
    public void StopSignalFlagOverridesTheContainers()
    {
        var name = RunTrapping("trap 'exit 10' USR1; trap 'exit 12' USR2");

        berth.Run("stop", "-s", "USR2", name).Ok();

        Assert.Equal("12", berth.Inspect(name, "{{.State.ExitCode}}"));
    }

    [Fact]
    public void StoppingAStoppedContainerSucceedsAndChangesNothing()
    {
        var name = BerthFixture.UniqueName();
        Assert.Equal(3, berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c", "exit 3").Exit);
        var finished = berth.Inspect(name, "{{.State.FinishedAt}}");

        Assert.Equal($"{name}\n", berth.Run("stop", name).Ok().Stdout);

        Assert.Equal($"exited 3 {finished}", berth.Inspect(name, "{{.State.Status}} {{.State.ExitCode}} {{.State.FinishedAt}}"));
    }

    [Fact]
    public void InvalidStopSignalIsRefusedAtCreate()
    {
        var before = berth.Leftovers();

        var result = berth.Run("run", "-d", "--stop-signal", "SIGNOPE", BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        Assert.Equal("Error: invalid signal: SIGNOPE\n", result.Stderr);
        berth.AssertNothingLeftSince(before);
    }
}
