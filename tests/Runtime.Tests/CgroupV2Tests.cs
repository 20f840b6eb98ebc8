using Berth.Runtime.Cgroups;
using Berth.Runtime.Spec;

namespace Berth.Runtime.Tests;

/// <summary>
/// The v2 driver against a fake cgroupfs (plain files in a temp dir): this project's hosts run
/// cgroup v1, so these check exactly what the driver writes on a v2 host.
/// </summary>
public sealed class CgroupV2Tests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("berth-cg2-").FullName;

    public CgroupV2Tests()
    {
        File.WriteAllText(Path.Combine(_root, "cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc");
        File.WriteAllText(Path.Combine(_root, "cgroup.subtree_control"), "");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>What the kernel puts in a new v2 cgroup directory, as empty files the driver can write.</summary>
    void KernelMakes(string path)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, path)).FullName;
        foreach (var file in new[] { "cgroup.procs", "cgroup.subtree_control", "cgroup.freeze", "cgroup.kill", "memory.max", "memory.swap.max", "memory.low", "cpu.max", "cpu.weight", "pids.max" })
            File.WriteAllText(Path.Combine(dir, file), "");
    }

    string Read(string path, string file) => File.ReadAllText(Path.Combine(_root, path, file)).Trim();

    [Fact]
    public void WritesLimitsInV2Units()
    {
        KernelMakes("berth");
        KernelMakes("berth/abc");
        var cgroup = new CgroupV2(_root, "berth/abc");
        cgroup.Create(new OciResources
        {
            Memory = new OciMemory { Limit = 64 << 20, Swap = 128 << 20 },
            Cpu = new OciCpu { Shares = 512, Quota = 50_000, Period = 100_000 },
            Pids = new OciPids(10),
        });
        Assert.Equal((64 << 20).ToString(), Read("berth/abc", "memory.max"));
        Assert.Equal((64 << 20).ToString(), Read("berth/abc", "memory.swap.max")); // v2 counts swap alone: 128M total minus 64M memory
        Assert.Equal("50000 100000", Read("berth/abc", "cpu.max"));
        Assert.Equal(CgroupV2.SharesToWeight(512).ToString(), Read("berth/abc", "cpu.weight"));
        Assert.Equal("10", Read("berth/abc", "pids.max"));
    }

    [Fact]
    public void EnablesControllersInEveryAncestor()
    {
        KernelMakes("berth");
        KernelMakes("berth/abc");
        new CgroupV2(_root, "berth/abc").Create(null);
        Assert.Contains("+memory", Read("", "cgroup.subtree_control"));
        Assert.Contains("+pids", Read("", "cgroup.subtree_control"));
        Assert.DoesNotContain("+hugetlb", Read("", "cgroup.subtree_control"));
        Assert.Contains("+cpu", Read("berth", "cgroup.subtree_control"));
    }

    [Fact]
    public void UnlimitedValuesAreMax()
    {
        KernelMakes("c");
        new CgroupV2(_root, "c").Create(new OciResources { Memory = new OciMemory { Limit = -1 }, Pids = new OciPids(0), Cpu = new OciCpu { Quota = -1 } });
        Assert.Equal("max", Read("c", "memory.max"));
        Assert.Equal("max", Read("c", "pids.max"));
        Assert.Equal("max 100000", Read("c", "cpu.max"));
    }

    [Theory]
    [InlineData(2UL, 1UL)]
    [InlineData(1024UL, 39UL)]
    [InlineData(262144UL, 10000UL)]
    public void SharesConvertToWeight(ulong shares, ulong weight) => Assert.Equal(weight, CgroupV2.SharesToWeight(shares));

    [Fact]
    public void ReadsStatsAndOomKills()
    {
        KernelMakes("s");
        var cgroup = new CgroupV2(_root, "s");
        cgroup.Create(null);
        var dir = Path.Combine(_root, "s");
        File.WriteAllText(Path.Combine(dir, "memory.current"), "1000\n");
        File.WriteAllText(Path.Combine(dir, "memory.max"), "max\n");
        File.WriteAllText(Path.Combine(dir, "memory.stat"), "anon 10\ninactive_file 300\n");
        File.WriteAllText(Path.Combine(dir, "cpu.stat"), "usage_usec 1500\nuser_usec 1000\n");
        File.WriteAllText(Path.Combine(dir, "pids.current"), "3\n");
        File.WriteAllText(Path.Combine(dir, "io.stat"), "8:0 rbytes=100 wbytes=200 rios=1\n8:16 rbytes=5 wbytes=7\n");
        File.WriteAllText(Path.Combine(dir, "memory.events"), "low 0\noom 2\noom_kill 1\n");
        var stats = cgroup.ReadStats();
        Assert.Equal(1000, stats.MemoryUsage);
        Assert.Equal(300, stats.MemoryInactiveFile);
        Assert.Equal(1_500_000UL, stats.CpuUsageNanoseconds);
        Assert.Equal(3, stats.PidsCurrent);
        Assert.Equal(105, stats.BlockRead);
        Assert.Equal(207, stats.BlockWrite);
        Assert.Equal(1, cgroup.OomKills());
    }

    [Fact]
    public void OpensDirectoryForCloneIntoCgroup()
    {
        var cgroup = new CgroupV2(_root, "x");
        cgroup.Create(null);
        var fd = cgroup.OpenForClone();
        Assert.True(fd >= 0);
        Berth.Sys.Interop.Libc.close(fd);
    }
}
