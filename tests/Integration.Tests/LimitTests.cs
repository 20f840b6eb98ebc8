using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>Resource limits, read back from the container's own cgroup files (v1 or v2, as the host has) and felt by real workloads.</summary>
public sealed class LimitTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    /// <summary>A cgroup file as the container sees it: v1 controllers have their own directory, v2 has one flat one.</summary>
    static string CgroupFile(string controller, string v1Name, string v2Name) =>
        BerthFixture.CgroupV2 ? $"/sys/fs/cgroup/{v2Name}" : $"/sys/fs/cgroup/{controller}/{v1Name}";

    [Fact]
    public void MemoryHogIsOomKilledWith137()
    {
        var name = BerthFixture.UniqueName();

        // The shell itself holds 200 MB in a variable: it is the biggest process, so the OOM killer takes it.
        var result = berth.Run("run", "--name", name, "-m", "20m", BerthFixture.Image, "sh", "-c",
            "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived");

        Assert.Equal(137, result.Exit);
        Assert.Equal("", result.Stdout);
        Assert.Equal("true 137 exited", berth.Inspect(name, "{{.State.OOMKilled}} {{.State.ExitCode}} {{.State.Status}}"));
        Assert.DoesNotContain(berth.Id(name), berth.CgroupIds());
    }

    [Fact]
    public void MemoryLimitIsSetAndAQuietContainerIsNotOomKilled()
    {
        var name = BerthFixture.UniqueName();
        var file = CgroupFile("memory", "memory.limit_in_bytes", "memory.max");

        var result = berth.Run("run", "--name", name, "-m", "32m", BerthFixture.Image, "cat", file).Ok();

        Assert.Equal($"{32 << 20}\n", result.Stdout);
        Assert.Equal("false 0 33554432", berth.Inspect(name, "{{.State.OOMKilled}} {{.State.ExitCode}} {{.HostConfig.Memory}}"));
    }

    [Fact]
    public void PidsLimitStopsAForkBombAndTheContainerStillEnds()
    {
        var name = BerthFixture.UniqueName();
        var file = CgroupFile("pids", "pids.max", "pids.max");

        // Forks until the kernel says no; the shell then gives up, and with it (PID 1) the whole container.
        var result = berth.Run(["run", "--name", name, "--pids-limit", "10", BerthFixture.Image, "sh", "-c", $"cat {file}; while :; do sleep 60 & done"], null, TimeSpan.FromSeconds(30));

        Assert.Equal("10\n", result.Stdout);
        Assert.Equal(2, result.Exit);
        Assert.Contains("can't fork", result.Stderr);
        Assert.Equal("exited", berth.Inspect(name, "{{.State.Status}}"));
        Assert.DoesNotContain(berth.Id(name), berth.CgroupIds());
    }

    [Theory]
    [InlineData("0.5", 50_000)]
    [InlineData("1.5", 150_000)]
    public void CpusSetsTheCfsQuota(string cpus, long quota)
    {
        var files = BerthFixture.CgroupV2 ? "/sys/fs/cgroup/cpu.max" : "/sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us";

        var lines = berth.Run("run", "--rm", "--cpus", cpus, BerthFixture.Image, "sh", "-c", $"cat {files}").Ok().Lines;

        Assert.Equal(BerthFixture.CgroupV2 ? [$"{quota} 100000"] : [$"{quota}", "100000"], lines);
    }

    [Fact]
    public void NoCpusMeansNoQuota()
    {
        var files = BerthFixture.CgroupV2 ? "/sys/fs/cgroup/cpu.max" : "/sys/fs/cgroup/cpu/cpu.cfs_quota_us";

        var output = berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c", $"cat {files}").Ok().Stdout;

        Assert.Equal(BerthFixture.CgroupV2 ? "max 100000\n" : "-1\n", output);
    }

    [Fact]
    public void CpuSharesSetTheWeight()
    {
        var file = CgroupFile("cpu", "cpu.shares", "cpu.weight");
        // runc's conversion of shares (2…262144) to a v2 weight (1…10000).
        var expected = BerthFixture.CgroupV2 ? 1 + (512 - 2) * 9999 / 262142 : 512;

        var output = berth.Run("run", "--rm", "--cpu-shares", "512", BerthFixture.Image, "cat", file).Ok().Stdout;

        Assert.Equal($"{expected}\n", output);
    }

    [Fact]
    public void UlimitSetsSoftAndHardLimits()
    {
        var lines = berth.Run("run", "--rm", "--ulimit", "nofile=100:200", BerthFixture.Image, "sh", "-c", "ulimit -n; ulimit -Hn").Ok().Lines;

        Assert.Equal(["100", "200"], lines);
    }

    [Fact]
    public void UlimitIsEnforced()
    {
        var result = berth.Run("run", "--rm", "--ulimit", "nofile=8", BerthFixture.Image, "sh", "-c", "exec 3</dev/null 4</dev/null 5</dev/null 6</dev/null 7</dev/null && echo seven && exec 8</dev/null");

        Assert.Equal("seven\n", result.Stdout);
        Assert.NotEqual(0, result.Exit);
    }

    [Theory]
    [InlineData(new string[0], 65536)]
    [InlineData(new[] { "--shm-size", "10m" }, 10240)]
    public void ShmSizeSetsTheSizeOfDevShm(string[] flags, int kilobytes)
    {
        var line = berth.Run(["run", "--rm", .. flags, BerthFixture.Image, "df", "-k", "/dev/shm"], null).Ok().Lines[1];

        Assert.Equal(kilobytes.ToString(), line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    [Fact]
    public void ShmSizeLimitsWhatFits()
    {
        var lines = berth.Run("run", "--rm", "--shm-size", "1m", BerthFixture.Image, "sh", "-c", "head -c 2000000 /dev/zero > /dev/shm/big; echo $?; wc -c < /dev/shm/big").Ok().Lines;

        Assert.NotEqual("0", lines[0]);
        Assert.Equal($"{1 << 20}", lines[1]);
    }
}
