using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>Isolation by default, as docker has it: namespaces, masked /proc, read-only /sys, a minimal /dev, docker's capabilities and seccomp.</summary>
public sealed class IsolationTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    const string DockerDefaultCaps = "00000000a80425fb";

    [Fact]
    public void CommandRunsAsPidOneAndSeesNoHostProcesses()
    {
        var lines = berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c", "echo $$; ps -o pid,comm; true").Ok().Lines;

        Assert.Equal("1", lines[0]);
        // The shell and the ps it runs: nothing of the host's shows through.
        var processes = lines[2..].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(["sh", "ps"], processes.Select(p => p[1]));
        Assert.Equal("1", processes[0][0]);
    }

    [Fact]
    public void HostnameIsTheShortIdByDefault()
    {
        var name = berth.RunSleeping();
        var id = berth.Id(name);

        var lines = berth.Run("exec", name, "sh", "-c", "hostname; cat /etc/hostname; echo $HOSTNAME").Ok().Lines;

        Assert.Equal([id[..12], id[..12], id[..12]], lines);
    }

    [Fact]
    public void HostnameFlagSetsTheHostname()
    {
        var lines = berth.Run("run", "--rm", "-h", "box.example", BerthFixture.Image, "sh", "-c", "hostname; cat /etc/hostname").Ok().Lines;

        Assert.Equal(["box.example", "box.example"], lines);
    }

    [Theory]
    [InlineData("mnt")]
    [InlineData("uts")]
    [InlineData("ipc")]
    [InlineData("net")]
    [InlineData("cgroup")]
    [InlineData("pid")]
    public void ContainerHasItsOwnNamespace(string kind)
    {
        var inside = berth.Run("run", "--rm", BerthFixture.Image, "readlink", $"/proc/self/ns/{kind}").Ok().Stdout.Trim();

        Assert.StartsWith($"{kind}:[", inside);
        Assert.NotEqual(HostProcesses.Readlink($"/proc/self/ns/{kind}"), inside);
    }

    [Fact]
    public void UserNamespaceIsTheHostsAsInDocker()
    {
        var inside = berth.Run("run", "--rm", BerthFixture.Image, "readlink", "/proc/self/ns/user").Ok().Stdout.Trim();

        Assert.Equal(HostProcesses.Readlink("/proc/self/ns/user"), inside);
    }

    [Fact]
    public void MaskedProcFilesAreNullDevices()
    {
        // docker's masked files; only those this kernel has can be checked.
        string[] masked = ["/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug"];
        var present = masked.Where(File.Exists).ToList();
        Assert.NotEmpty(present);

        var lines = berth.Run(["run", "--rm", BerthFixture.Image, "sh", "-c", "for f in \"$@\"; do echo \"$f $(stat -c %t:%T $f) $(wc -c < $f)\"; done", "sh", .. present], null).Ok().Lines;

        Assert.Equal(present.Select(p => $"{p} 1:3 0"), lines);
    }

    [Fact]
    public void MaskedProcAndSysDirectoriesAreEmptyAndReadOnly()
    {
        var dirs = new[] { "/proc/acpi", "/proc/scsi", "/sys/firmware" }.Where(Directory.Exists).ToList();
        Assert.NotEmpty(dirs);

        var result = berth.Run(["run", "--rm", BerthFixture.Image, "sh", "-c", "for d in \"$@\"; do echo \"$d [$(ls -A $d)]\"; touch $d/x; done", "sh", .. dirs], null);

        Assert.Equal(dirs.Select(d => $"{d} []"), result.Lines);
        foreach (var dir in dirs) Assert.Contains($"touch: {dir}/x: Read-only file system", result.Stderr);
    }

    [Fact]
    public void ReadOnlyKernelPathsRefuseWrites()
    {
        // An empty write: harmless even if the path were writable. Only paths this kernel has are checked.
        var paths = new[] { "/proc/sys/kernel/domainname", "/proc/sysrq-trigger", "/sys/kernel/uevent_helper" }.Where(File.Exists).ToList();

        var result = berth.Run(["run", "--rm", BerthFixture.Image, "sh", "-c", "for p in \"$@\"; do printf '' > $p; done", "sh", .. paths], null);

        Assert.NotEqual(0, result.Exit);
        foreach (var path in paths) Assert.Contains($"can't create {path}: Read-only file system", result.Stderr);
    }

    [Fact]
    public void SysIsMountedReadOnly()
    {
        var result = berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c", "grep ' /sys sysfs ' /proc/mounts; touch /sys/x");

        Assert.Matches(@"^sysfs /sys sysfs ro[,\s]", result.Stdout);
        Assert.Contains("touch: /sys/x: Read-only file system", result.Stderr);
    }

    [Fact]
    public void DevHoldsExactlyDockersDevices()
    {
        var lines = berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c",
            "ls -A /dev; echo ---; stat -c '%n %F %t:%T' /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty /dev/console; " +
            "echo ---; grep -E ' /dev(/pts|/shm|/mqueue)? ' /proc/mounts | cut -d' ' -f2,3").Ok().Stdout.Split("---\n");

        Assert.Equal(
            ["console", "core", "fd", "full", "mqueue", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin", "stdout", "tty", "urandom", "zero"],
            lines[0].Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["/dev/null character special file 1:3", "/dev/zero character special file 1:5", "/dev/full character special file 1:7",
             "/dev/random character special file 1:8", "/dev/urandom character special file 1:9", "/dev/tty character special file 5:0",
             "/dev/console character special file 1:3"],
            lines[1].Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["/dev tmpfs", "/dev/mqueue mqueue", "/dev/pts devpts", "/dev/shm tmpfs"], lines[2].Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DevLinksPointWhereDockersDo()
    {
        var lines = berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c", "for l in fd stdin stdout stderr core ptmx; do echo $l $(readlink /dev/$l); done").Ok().Lines;

        Assert.Equal(["fd /proc/self/fd", "stdin /proc/self/fd/0", "stdout /proc/self/fd/1", "stderr /proc/self/fd/2", "core /proc/kcore", "ptmx pts/ptmx"], lines);
    }

    [Fact]
    public void DockersDevicesWorkButTheDeviceCgroupBarsOthers()
    {
        // CAP_MKNOD is in docker's set, so a node for /dev/mem (1:1) can be made; the device cgroup still refuses to open it.
        var result = berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c", "echo gone > /dev/null && head -c 16 /dev/urandom | wc -c && mknod /tmp/dev c 1 1 && head -c 1 /tmp/dev");

        Assert.Equal("16\n", result.Stdout);
        Assert.NotEqual(0, result.Exit);
        Assert.Equal("head: /tmp/dev: Operation not permitted\n", result.Stderr);
    }

    [Fact]
    public void CapabilitiesAreDockersDefaultSet()
    {
        var status = Status(berth.Run("run", "--rm", BerthFixture.Image, "cat", "/proc/self/status").Ok().Stdout);

        Assert.Equal(DockerDefaultCaps, status["CapEff"]);
        Assert.Equal(DockerDefaultCaps, status["CapPrm"]);
        Assert.Equal(DockerDefaultCaps, status["CapBnd"]);
        Assert.Equal("0000000000000000", status["CapInh"]);
        Assert.Equal("0000000000000000", status["CapAmb"]);
        Assert.Equal("0", status["NoNewPrivs"]);
    }

    [Fact]
    public void DockersSeccompProfileFiltersSyscalls()
    {
        var result = berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c", "grep '^Seccomp:' /proc/self/status; unshare -U true");

        Assert.Equal("Seccomp:\t2\n", result.Stdout);
        // Creating a user namespace needs no capability: only the profile stops it.
        Assert.NotEqual(0, result.Exit);
        Assert.Contains("Operation not permitted", result.Stderr);
    }

    [Fact]
    public void DefaultNetworkIsTheBridgeWithLoopbackUp()
    {
        var lines = berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c", "ls /sys/class/net; ip -o link").Ok().Lines;

        Assert.Equal(["eth0", "lo"], lines[..2]);
        Assert.Contains(lines[2..], l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^1: lo: <LOOPBACK,UP,LOWER_UP>"));
        Assert.Contains(lines[2..], l => l.Contains("eth0@") && l.Contains("mtu 1500") && l.Contains("02:42:"));
        Assert.Equal("PING 127.0.0.1", berth.Run("run", "--rm", BerthFixture.Image, "ping", "-c", "1", "-W", "2", "127.0.0.1").Ok().Lines[0].Split(" (")[0]);
    }

    [Fact]
    public void NetworkFilesAreProvidedAndBindMounted()
    {
        var name = berth.RunSleeping();
        var id = berth.Id(name);

        var hosts = berth.Run("exec", name, "cat", "/etc/hosts").Ok().Stdout;
        var hostname = berth.Run("exec", name, "cat", "/etc/hostname").Ok().Stdout;
        var resolv = berth.Run("exec", name, "cat", "/etc/resolv.conf").Ok().Stdout;
        var mounts = berth.Run("exec", name, "cut", "-d ", "-f2", "/proc/mounts").Ok().Lines;

        Assert.Contains("127.0.0.1\tlocalhost\n", hosts);
        Assert.Equal(id[..12] + "\n", hostname);
        Assert.Matches(@"(?m)^nameserver \S+$", resolv);
        Assert.DoesNotMatch(@"(?m)^nameserver 127\.", resolv);
        Assert.Contains("/etc/hosts", mounts);
        Assert.Contains("/etc/hostname", mounts);
        Assert.Contains("/etc/resolv.conf", mounts);
        Assert.Equal(hostname, File.ReadAllText(berth.Inspect(name, "{{.HostnamePath}}")));
    }

    [Fact]
    public void NetworkNoneHasItsOwnNamespaceWithLoopbackOnly()
    {
        var lines = berth.Run("run", "--rm", "--network", "none", BerthFixture.Image, "sh", "-c", "readlink /proc/self/ns/net; ls /sys/class/net").Ok().Lines;

        Assert.NotEqual(HostProcesses.Readlink("/proc/self/ns/net"), lines[0]);
        Assert.Equal(["lo"], lines[1..]);
    }

    [Fact]
    public void NetworkHostSharesTheHostsNetworkAndName()
    {
        var lines = berth.Run("run", "--rm", "--network", "host", BerthFixture.Image, "sh", "-c", "readlink /proc/self/ns/net; readlink /proc/self/ns/uts; hostname; ls /sys/class/net").Ok().Lines;

        Assert.Equal(HostProcesses.Readlink("/proc/self/ns/net"), lines[0]);
        // docker keeps a UTS namespace of its own, named as the host is.
        Assert.NotEqual(HostProcesses.Readlink("/proc/self/ns/uts"), lines[1]);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), lines[2]);
        // Other tests' containers add and remove veths meanwhile: compare the rest.
        static bool Stable(string? link) => link is not null && !link.StartsWith("veth", StringComparison.Ordinal);
        Assert.Equal(Directory.EnumerateFileSystemEntries("/sys/class/net").Select(Path.GetFileName).Where(Stable).Order(StringComparer.Ordinal), lines[3..].Where(Stable));
    }

    static Dictionary<string, string> Status(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim());
}
