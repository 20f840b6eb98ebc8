using Berth.Runtime.Cgroups;

namespace Berth.Runtime.Tests;

public class CgroupHierarchyTests
{
    const string Hybrid = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        38 31 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        40 31 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """;

    const string Unified = """
        25 21 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
        """;

    const string Combined = """
        32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        """;

    [Fact]
    public void HybridHostIsDrivenAsV1()
    {
        var hierarchy = CgroupHierarchy.Parse(Hybrid.Split('\n'));
        Assert.Equal(CgroupVersion.V1, hierarchy.Version);
        Assert.Equal("/sys/fs/cgroup/memory", hierarchy.V1Controllers["memory"]);
        Assert.Equal("/sys/fs/cgroup/pids", hierarchy.V1Controllers["pids"]);
        Assert.IsType<CgroupV1>(hierarchy.Open("berth/x"));
    }

    [Fact]
    public void UnifiedHostIsV2()
    {
        var hierarchy = CgroupHierarchy.Parse(Unified.Split('\n'));
        Assert.Equal(CgroupVersion.V2, hierarchy.Version);
        Assert.Equal("/sys/fs/cgroup", hierarchy.UnifiedRoot);
        Assert.IsType<CgroupV2>(hierarchy.Open("berth/x"));
    }

    [Fact]
    public void CombinedV1ControllersShareAMount()
    {
        var hierarchy = CgroupHierarchy.Parse(Combined.Split('\n'));
        Assert.Equal(hierarchy.V1Controllers["cpu"], hierarchy.V1Controllers["cpuacct"]);
    }

    [Fact]
    public void ThisHostIsDetected()
    {
        var hierarchy = CgroupHierarchy.Detect();
        Assert.True(hierarchy.Version == CgroupVersion.V2 || hierarchy.V1Controllers.ContainsKey("memory"));
    }
}
