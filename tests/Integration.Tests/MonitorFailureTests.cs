using Berth.Integration.Tests.Fixtures;
using Berth.Sys.Interop;

namespace Berth.Integration.Tests;

/// <summary>
/// No daemon: each container's monitor is its parent. A monitor killed with -9, or every monitor
/// gone with /run as after a reboot, must leave containers shown as exited, with nothing running.
/// Its own class (and root), since wiping the run root takes every container of the root with it.
/// </summary>
public sealed class MonitorFailureTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    static void KillNine(int pid) => Assert.Equal(0, Libc.kill(pid, Libc.SIGKILL));

    [Fact]
    public void MonitorIsTheContainersParentAndOutlivesTheCli()
    {
        var name = berth.RunSleeping();
        var id = berth.Id(name);
        var pid = berth.Inspect(name, "{{.State.Pid}}");

        var monitor = HostProcesses.MonitorOf(berth.RunRoot, id);

        Assert.NotNull(monitor);
        var parent = File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("PPid:"));
        Assert.Equal($"PPid:\t{monitor}", parent);
    }

    [Fact]
    public void KilledMonitorLeavesTheContainerExitedWithTheReason()
    {
        var name = berth.RunSleeping();
        var id = berth.Id(name);
        var pid = int.Parse(berth.Inspect(name, "{{.State.Pid}}"));
        var monitor = HostProcesses.MonitorOf(berth.RunRoot, id) ?? throw new InvalidOperationException($"no monitor for {id}");

        KillNine(monitor);
        Poll.Until(() => !HostProcesses.IsAlive(monitor), Patience, "the monitor to die");

        Assert.StartsWith($"{name} Exited (137) ", berth.Run("ps", "-a", "--filter", $"id={id}", "--format", "{{.Names}} {{.Status}}").Ok().Stdout);
        Assert.DoesNotContain(name, berth.Run("ps", "--format", "{{.Names}}").Ok().Lines);
        Assert.Equal("exited false 137 0", berth.Inspect(name, "{{.State.Status}} {{.State.Running}} {{.State.ExitCode}} {{.State.Pid}}"));
        Assert.Contains("monitor died", berth.Inspect(name, "{{.State.Error}}"));
        Poll.Until(() => !HostProcesses.IsAlive(pid), Patience, "the container's process to be gone");
        Assert.DoesNotContain(id, berth.CgroupIds());
    }

    [Fact]
    public void ContainerOfAKilledMonitorCanBeStartedAgain()
    {
        var name = berth.RunSleeping();
        var id = berth.Id(name);
        var monitor = HostProcesses.MonitorOf(berth.RunRoot, id) ?? throw new InvalidOperationException($"no monitor for {id}");
        KillNine(monitor);
        Poll.Until(() => !HostProcesses.IsAlive(monitor), Patience, "the monitor to die");

        berth.Run("start", name).Ok();

        Assert.Equal("running", berth.Inspect(name, "{{.State.Status}}"));
        Assert.NotEqual(monitor, HostProcesses.MonitorOf(berth.RunRoot, id));
        Assert.Equal("still works\n", berth.Run("exec", name, "echo", "still works").Ok().Stdout);
        berth.Run("rm", "-f", name).Ok();
        Assert.DoesNotContain(id, berth.CgroupIds());
    }

    [Fact]
    public void WipedRunRootShowsEveryContainerExited()
    {
        var plain = berth.RunSleeping();
        var restarting = berth.RunSleeping("--restart", "always");
        var ids = new[] { berth.Id(plain), berth.Id(restarting) };
        var pids = new[] { plain, restarting }.Select(n => int.Parse(berth.Inspect(n, "{{.State.Pid}}"))).ToList();
        // Other tests of this class may have left containers running: they go down with the rest.
        var monitors = HostProcesses.Monitors(berth.RunRoot);
        Assert.Subset(monitors.Select(m => m.Id).ToHashSet(), ids.ToHashSet());

        // A reboot: every process gone, /run empty.
        foreach (var (pid, _) in monitors) KillNine(pid);
        Poll.Until(() => HostProcesses.Monitors(berth.RunRoot).Count == 0, Patience, "the monitors to die");
        Directory.Delete(berth.RunRoot, recursive: true);

        Assert.Empty(berth.Run("ps", "-q").Ok().Lines);
        var rows = berth.Run("ps", "-a", "--format", "{{.Names}} {{.State}}").Ok().Lines;
        Assert.Contains($"{plain} exited", rows);
        Assert.Contains($"{restarting} exited", rows);
        Assert.All(rows, row => Assert.EndsWith(" exited", row));
        foreach (var name in new[] { plain, restarting })
        {
            Assert.Equal("137", berth.Inspect(name, "{{.State.ExitCode}}"));
            Assert.NotEqual("", berth.Inspect(name, "{{.State.Error}}"));
        }
        foreach (var pid in pids) Poll.Until(() => !HostProcesses.IsAlive(pid), Patience, $"container process {pid} to be gone");
        Assert.Empty(berth.ContainerCgroups());

        berth.Run("start", plain).Ok();

        Assert.Equal("running", berth.Inspect(plain, "{{.State.Status}}"));
    }
}
