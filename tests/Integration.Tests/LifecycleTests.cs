using System.Text.RegularExpressions;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>run -d, create/start, start -a, wait, --rm, rename, pause/unpause, restart and kill -s.</summary>
public sealed class LifecycleTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public void DetachedRunPrintsTheIdAndTheLogsKeepBothStreams()
    {
        var result = berth.Run("run", "-d", BerthFixture.Image, "sh", "-c", "echo to-stdout; echo to-stderr >&2").Ok();
        var id = result.Stdout.Trim();

        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Equal("0\n", berth.Run("wait", id).Ok().Stdout);
        var logs = berth.Run("logs", id).Ok();
        Assert.Equal("to-stdout\n", logs.Stdout);
        Assert.Equal("to-stderr\n", logs.Stderr);
    }

    [Fact]
    public void DetachedContainerOutlivesTheCommandThatStartedIt()
    {
        var name = berth.RunSleeping();

        Assert.Equal("running true", berth.Inspect(name, "{{.State.Status}} {{.State.Running}}"));
        var pid = int.Parse(berth.Inspect(name, "{{.State.Pid}}"));
        Assert.True(HostProcesses.IsAlive(pid), $"container process {pid} is gone");
        Assert.Contains(berth.Id(name), berth.CgroupIds());
    }

    [Fact]
    public void CreateMakesAStoppedContainerThatStartRuns()
    {
        var name = BerthFixture.UniqueName();

        var id = berth.Run("create", "--name", name, BerthFixture.Image, "sleep", "300").Ok().Stdout.Trim();

        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Equal("created", berth.Inspect(name, "{{.State.Status}}"));
        Assert.Equal($"{name} Created", berth.Run("ps", "-a", "--filter", $"name={name}", "--format", "{{.Names}} {{.Status}}").Ok().Stdout.Trim());
        Assert.DoesNotContain(id, berth.CgroupIds());

        Assert.Equal($"{name}\n", berth.Run("start", name).Ok().Stdout);

        Assert.Equal("running", berth.Inspect(name, "{{.State.Status}}"));
        Assert.Equal("alive\n", berth.Run("exec", name, "echo", "alive").Ok().Stdout);
    }

    [Fact]
    public void StartAttachedStreamsOutputAndReturnsTheExitCode()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("create", "--name", name, BerthFixture.Image, "sh", "-c", "echo hello; echo oops >&2; exit 5").Ok();

        var result = berth.Run("start", "-a", name);

        Assert.Equal(5, result.Exit);
        Assert.Equal("hello\n", result.Stdout);
        Assert.Equal("oops\n", result.Stderr);
    }

    [Fact]
    public void AttachedRunPassesTheExitCodeThrough()
    {
        var result = berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c", "echo out; exit 42");

        Assert.Equal(42, result.Exit);
        Assert.Equal("out\n", result.Stdout);
    }

    [Fact]
    public void SignalledCommandExitsWith128PlusTheSignal()
    {
        // Under --init the shell is not PID 1, which the kernel would shield from its own signal.
        var term = berth.Run("run", "--rm", "--init", BerthFixture.Image, "sh", "-c", "kill -TERM $$");
        var segv = berth.Run("run", "--rm", "--init", BerthFixture.Image, "sh", "-c", "kill -SEGV $$");

        Assert.Equal(128 + 15, term.Exit);
        Assert.Equal(128 + 11, segv.Exit);
    }

    [Fact]
    public void WaitBlocksUntilExitAndPrintsTheCode()
    {
        var quick = BerthFixture.UniqueName();
        var slow = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", quick, BerthFixture.Image, "sh", "-c", "exit 3").Ok();
        berth.Run("run", "-d", "--name", slow, BerthFixture.Image, "sh", "-c", "sleep 0.5; exit 7").Ok();

        var result = berth.Run("wait", quick, slow).Ok();

        Assert.Equal("3\n7\n", result.Stdout);
        Assert.Equal("exited exited", berth.Inspect(quick, "{{.State.Status}}") + " " + berth.Inspect(slow, "{{.State.Status}}"));
    }

    [Fact]
    public void RmFlagRemovesTheContainerAndEverythingItHad()
    {
        var name = BerthFixture.UniqueName();
        var before = berth.Leftovers();

        var result = berth.Run("run", "--rm", "--name", name, BerthFixture.Image, "sh", "-c", "echo bye; exit 4");

        Assert.Equal(4, result.Exit);
        Assert.Equal("bye\n", result.Stdout);
        Assert.Equal(1, berth.Run("inspect", name).Exit);
        berth.AssertNothingLeftSince(before);
    }

    [Fact]
    public void OnlyAThrowawayWritableLayerSkipsTheSyncOnExit()
    {
        // overlayfs shows `volatile` as fsync=volatile: no sync of the host filesystem when the container ends.
        var throwaway = berth.Run("run", "--rm", BerthFixture.Image, "grep", "-c", "fsync=volatile", "/proc/self/mounts");
        var kept = berth.Run("run", "-d", BerthFixture.Image, "grep", "-c", "fsync=volatile", "/proc/self/mounts").Ok().Stdout.Trim();

        Assert.Equal("1\n", throwaway.Ok().Stdout);
        Assert.Equal("1\n", berth.Run("wait", kept).Ok().Stdout);
        Assert.Equal("0\n", berth.Run("logs", kept).Ok().Stdout);
        berth.Run("rm", kept).Ok();
    }

    [Fact]
    public void DetachedRmContainerIsRemovedWhenItExits()
    {
        var name = BerthFixture.UniqueName();
        var before = berth.Leftovers();
        berth.Run("run", "-d", "--rm", "--name", name, BerthFixture.Image, "sleep", "0.3").Ok();

        Poll.Until(() => berth.Run("inspect", name).Exit != 0, Patience, $"{name} to be removed");

        Assert.DoesNotContain(name, berth.Run("ps", "-a", "--format", "{{.Names}}").Ok().Lines);
        Poll.Until(() => berth.Leftovers().Since(before).IsEmpty, Patience, "the removal to finish");
    }

    [Fact]
    public void RenameMovesTheNameAndFreesTheOldOne()
    {
        var old = berth.RunSleeping();
        var id = berth.Id(old);
        var renamed = BerthFixture.UniqueName();

        berth.Run("rename", old, renamed).Ok();

        Assert.Equal(id, berth.Id(renamed));
        Assert.Equal("/" + renamed, berth.Inspect(renamed, "{{.Name}}"));
        Assert.Equal(1, berth.Run("inspect", old).Exit);
        Assert.Contains(renamed, berth.Run("ps", "--format", "{{.Names}}").Ok().Lines);
        // The old name is free for another container.
        berth.Run("create", "--name", old, BerthFixture.Image, "true").Ok();
    }

    [Fact]
    public void RenameToANameInUseIsRefused()
    {
        var first = berth.CreateSleeping();
        var second = berth.CreateSleeping();

        var result = berth.Run("rename", first, second);

        Assert.Equal(1, result.Exit);
        Assert.Contains($"The container name \"/{second}\" is already in use by container \"{berth.Id(second)}\"", result.Stderr);
        Assert.Equal("/" + first, berth.Inspect(first, "{{.Name}}"));
    }

    [Fact]
    public void PauseFreezesEveryProcessAndUnpauseThawsThem()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, BerthFixture.Image, "sh", "-c", "i=0; while :; do i=$((i+1)); echo $i > /tmp/counter; sleep 0.02; done").Ok();
        var counterFile = Path.Combine(berth.Inspect(name, "{{.GraphDriver.Data.UpperDir}}"), "tmp", "counter");
        long Counter() => long.TryParse(File.Exists(counterFile) ? File.ReadAllText(counterFile).Trim() : "", out var n) ? n : -1;
        Poll.Until(() => Counter() > 2, Patience, "the counter to start");

        berth.Run("pause", name).Ok();

        Assert.Equal("paused true true", berth.Inspect(name, "{{.State.Status}} {{.State.Paused}} {{.State.Running}}"));
        Assert.EndsWith("(Paused)", berth.Run("ps", "--filter", $"name={name}", "--format", "{{.Status}}").Ok().Stdout.Trim());
        var frozen = Counter();
        Thread.Sleep(400);
        Assert.Equal(frozen, Counter());
        var exec = berth.Run("exec", name, "true");
        Assert.Equal(1, exec.Exit);
        Assert.Contains("is paused", exec.Stderr);

        berth.Run("unpause", name).Ok();

        Assert.Equal("running false", berth.Inspect(name, "{{.State.Status}} {{.State.Paused}}"));
        Poll.Until(() => Counter() > frozen + 2, Patience, "the counter to move again");
    }

    [Fact]
    public void PausedContainerCanBeStoppedAndForceRemoved()
    {
        var stopped = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", stopped, BerthFixture.Image, "sh", "-c", "trap 'exit 9' TERM; while :; do sleep 0.05; done").Ok();
        Thread.Sleep(200);
        var removed = berth.RunSleeping();
        var removedId = berth.Id(removed);
        berth.Run("pause", stopped, removed).Ok();

        berth.Run("stop", stopped).Ok();
        berth.Run("rm", "-f", removed).Ok();

        // The stop signal reached the thawed shell, which exited with its own code.
        Assert.Equal("exited 9 false", berth.Inspect(stopped, "{{.State.Status}} {{.State.ExitCode}} {{.State.Paused}}"));
        Assert.DoesNotContain(removedId, berth.ContainerDirIds());
        Assert.DoesNotContain(removedId, berth.CgroupIds());
    }

    [Fact]
    public void PausingAStoppedContainerIsRefused()
    {
        var name = berth.CreateSleeping();

        var result = berth.Run("pause", name);

        Assert.Equal(1, result.Exit);
        Assert.Matches("^Error: Container [0-9a-f]{64} is not running\n$", result.Stderr);
    }

    [Fact]
    public void RestartRunsTheSameContainerAgainInANewProcess()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, BerthFixture.Image, "sh", "-c", "echo started; sleep 300").Ok();
        var (pid, started) = (berth.Inspect(name, "{{.State.Pid}}"), berth.Inspect(name, "{{.State.StartedAt}}"));

        berth.Run("restart", "-t", "1", name).Ok();

        Assert.Equal("running", berth.Inspect(name, "{{.State.Status}}"));
        Assert.NotEqual(pid, berth.Inspect(name, "{{.State.Pid}}"));
        Assert.NotEqual(started, berth.Inspect(name, "{{.State.StartedAt}}"));
        Assert.False(HostProcesses.IsAlive(int.Parse(pid)), "the first process still runs");
        Poll.Until(() => berth.Run("logs", name).Ok().Stdout == "started\nstarted\n", Patience, "both runs' output in the logs");
    }

    [Fact]
    public void RestartStartsAStoppedContainer()
    {
        var name = berth.CreateSleeping();

        berth.Run("restart", name).Ok();

        Assert.Equal("running", berth.Inspect(name, "{{.State.Status}}"));
    }

    [Fact]
    public void KillSendsTheGivenSignal()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, BerthFixture.Image, "sh", "-c", "trap 'echo got USR1' USR1; echo ready; while :; do sleep 0.05; done").Ok();
        Poll.Until(() => berth.Run("logs", name).Stdout.Contains("ready"), Patience, "the trap to be set");

        berth.Run("kill", "-s", "USR1", name).Ok();

        Poll.Until(() => berth.Run("logs", name).Stdout.Contains("got USR1"), Patience, "the trap to run");
        Assert.Equal("running", berth.Inspect(name, "{{.State.Status}}"));

        Assert.Equal($"{name}\n", berth.Run("kill", name).Ok().Stdout);

        Assert.Equal("exited 137", berth.Inspect(name, "{{.State.Status}} {{.State.ExitCode}}"));
    }

    [Fact]
    public void KillAcceptsSignalNumbersAndSigPrefixedNames()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, BerthFixture.Image, "sh", "-c", "trap 'exit 11' HUP; trap 'exit 12' USR2; while :; do sleep 0.05; done").Ok();
        Thread.Sleep(200);

        berth.Run("kill", "--signal", "SIGUSR2", name).Ok();

        Assert.Equal("12\n", berth.Run("wait", name).Ok().Stdout);
        var other = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", other, BerthFixture.Image, "sh", "-c", "trap 'exit 11' HUP; while :; do sleep 0.05; done").Ok();
        Thread.Sleep(200);
        berth.Run("kill", "-s", "1", other).Ok();
        Assert.Equal("11\n", berth.Run("wait", other).Ok().Stdout);
    }

    [Fact]
    public void KillOfAStoppedContainerIsRefused()
    {
        var name = berth.CreateSleeping();

        var result = berth.Run("kill", name);

        Assert.Equal(1, result.Exit);
        Assert.Contains("is not running", result.Stderr);
    }

    [Fact]
    public void RmRefusesARunningContainerUnlessForced()
    {
        var name = berth.RunSleeping();
        var id = berth.Id(name);
        var pid = int.Parse(berth.Inspect(name, "{{.State.Pid}}"));

        var refused = berth.Run("rm", name);

        Assert.Equal(1, refused.Exit);
        Assert.Contains("container is running: stop the container before removing or force remove", refused.Stderr);
        Assert.Equal(name + "\n", berth.Run("rm", "-f", name).Ok().Stdout);
        Assert.False(HostProcesses.IsAlive(pid));
        Assert.DoesNotContain(id, berth.ContainerDirIds());
        Assert.DoesNotContain(id, berth.CgroupIds());
        Assert.DoesNotContain(id, berth.RunDirIds());
    }

    [Fact]
    public void ContainerPidIsTheInitOfTheContainersPidNamespace()
    {
        var name = berth.RunSleeping();
        var pid = berth.Inspect(name, "{{.State.Pid}}");

        var status = File.ReadAllLines($"/proc/{pid}/status");

        Assert.Contains(status, l => Regex.IsMatch(l, @"^NSpid:\s+\d+\s+1$"));
        Assert.EndsWith("sleep 300", File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim());
    }
}
