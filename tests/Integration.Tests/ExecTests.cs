using System.Text;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>`exec` into a running container: its namespaces and environment, -e, -w, -u, -i, -d, and docker's exit codes.</summary>
public sealed class ExecTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    [Fact]
    public void ExecJoinsTheContainersNamespaces()
    {
        var name = berth.RunSleeping();
        var pid = berth.Inspect(name, "{{.State.Pid}}");

        var lines = berth.Run("exec", name, "sh", "-c", "for ns in pid mnt net; do readlink /proc/self/ns/$ns; done; hostname; cat /proc/1/cmdline | tr '\\0' ' '").Ok().Lines;

        Assert.Equal(HostProcesses.Readlink($"/proc/{pid}/ns/pid"), lines[0]);
        Assert.Equal(HostProcesses.Readlink($"/proc/{pid}/ns/mnt"), lines[1]);
        Assert.Equal(HostProcesses.Readlink($"/proc/{pid}/ns/net"), lines[2]);
        Assert.Equal(berth.Id(name)[..12], lines[3]);
        Assert.Equal("sleep 300", lines[4].Trim());
    }

    [Fact]
    public void EnvWorkdirAndUserApplyToTheExecOnly()
    {
        var name = berth.RunSleeping("-e", "FROM_RUN=run", "-e", "SHARED=run");

        var lines = berth.Run("exec", "-e", "FROM_EXEC=exec", "-e", "SHARED=exec", "-w", "/tmp", "-u", "www-data", name,
            "sh", "-c", "echo $FROM_RUN $FROM_EXEC $SHARED; pwd; id -u; id -g").Ok().Lines;
        var plain = berth.Run("exec", name, "sh", "-c", "echo $FROM_EXEC $SHARED; pwd; id -u").Ok().Lines;

        Assert.Equal(["run exec exec", "/tmp", "33", "33"], lines);
        Assert.Equal(["run", "/", "0"], plain);
    }

    [Fact]
    public void ExitCodeOfTheCommandIsPassedThrough()
    {
        var name = berth.RunSleeping();

        Assert.Equal(7, berth.Run("exec", name, "sh", "-c", "exit 7").Exit);
        Assert.Equal(0, berth.Run("exec", name, "true").Exit);
    }

    [Fact]
    public void MissingCommandIs127AndANonExecutableOneIs126()
    {
        var name = berth.RunSleeping();

        var missing = berth.Run("exec", name, "no-such-command");
        var notExecutable = berth.Run("exec", name, "/etc/passwd");

        Assert.Equal(127, missing.Exit);
        Assert.Equal("Error: exec: \"no-such-command\": executable file not found in $PATH\n", missing.Stderr);
        Assert.Equal(126, notExecutable.Exit);
        Assert.Equal("Error: exec: \"/etc/passwd\": permission denied\n", notExecutable.Stderr);
        Assert.Equal("running", berth.Inspect(name, "{{.State.Status}}"));
    }

    [Fact]
    public void InteractiveExecReadsStdin()
    {
        var name = berth.RunSleeping();

        var result = berth.Run(["exec", "-i", name, "sh", "-c", "tr a-z A-Z"], Encoding.UTF8.GetBytes("piped in\n")).Ok();

        Assert.Equal("PIPED IN\n", result.Stdout);
    }

    [Fact]
    public void DetachedExecReturnsAtOnceAndKeepsRunning()
    {
        var name = berth.RunSleeping();

        var result = berth.Run("exec", "-d", name, "sh", "-c", "sleep 0.5; touch /tmp/done-late").Ok();

        Assert.Equal("", result.Stdout);
        Assert.Equal(1, berth.Run("exec", name, "test", "-e", "/tmp/done-late").Exit);
        Poll.Until(() => berth.Run("exec", name, "test", "-e", "/tmp/done-late").Exit == 0, TimeSpan.FromSeconds(10), "the detached exec to finish");
    }

    [Fact]
    public void ExecIntoAStoppedContainerIsRefused()
    {
        var name = berth.CreateSleeping();

        var result = berth.Run("exec", name, "true");

        Assert.Equal(1, result.Exit);
        Assert.Equal($"Error: container {berth.Id(name)} is not running\n", result.Stderr);
    }

    [Fact]
    public void ExecUnderAnUnknownUserIsRefused()
    {
        var name = berth.RunSleeping();

        var result = berth.Run("exec", "-u", "bogus", name, "true");

        Assert.NotEqual(0, result.Exit);
        Assert.Equal("Error: unable to find user bogus: no matching entries in passwd file\n", result.Stderr);
    }

    [Fact]
    public void ExecProcessesDieWithTheContainer()
    {
        var name = berth.RunSleeping();
        var id = berth.Id(name);
        berth.Run("exec", "-d", name, "sleep", "4242").Ok();
        var execed = Poll.Until(() => HostProcesses.All().Where(p => p.Argv is ["sleep", "4242"] && InCgroupOf(p.Pid, id)).Select(p => p.Pid).ToList(),
            pids => pids.Count == 1, TimeSpan.FromSeconds(10), "the exec'd sleep");

        berth.Run("rm", "-f", name).Ok();

        Assert.False(HostProcesses.IsAlive(execed[0]), "the exec'd process outlived its container");
        Assert.DoesNotContain(id, berth.CgroupIds());
    }

    static bool InCgroupOf(int pid, string id)
    {
        try { return File.ReadAllText($"/proc/{pid}/cgroup").Contains(id); }
        catch (IOException) { return false; }
    }
}
