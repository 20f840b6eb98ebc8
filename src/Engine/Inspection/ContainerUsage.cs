using System.Diagnostics;

namespace Berth.Engine.Inspection;

/// <summary>What `stats` shows for a container, computed from two readings.</summary>
public sealed record ContainerUsage(
    double CpuPercent, long MemoryUsage, long MemoryLimit, double MemoryPercent,
    long NetReceived, long NetTransmitted, long BlockRead, long BlockWritten, long Pids)
{
    /// <summary>A stopped container: docker shows zeros.</summary>
    public static readonly ContainerUsage None = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static ContainerUsage Between(StatsSample earlier, StatsSample later, long hostMemory)
    {
        var cgroup = later.Cgroup;
        var usage = MemoryWithoutCache(cgroup.MemoryUsage, cgroup.MemoryInactiveFile);
        var limit = cgroup.MemoryLimit > 0 && cgroup.MemoryLimit < hostMemory ? cgroup.MemoryLimit : hostMemory;
        return new ContainerUsage(
            CpuPercentBetween(earlier, later),
            usage,
            limit,
            limit > 0 ? usage * 100.0 / limit : 0,
            later.Network.Received,
            later.Network.Transmitted,
            cgroup.BlockRead,
            cgroup.BlockWrite,
            cgroup.PidsCurrent);
    }

    /// <summary>CPU time used over wall time elapsed: 100% is one core busy, as docker counts it.</summary>
    static double CpuPercentBetween(StatsSample earlier, StatsSample later)
    {
        var wall = Stopwatch.GetElapsedTime(earlier.Timestamp, later.Timestamp).TotalNanoseconds;
        var used = later.Cgroup.CpuUsageNanoseconds >= earlier.Cgroup.CpuUsageNanoseconds
            ? (double)(later.Cgroup.CpuUsageNanoseconds - earlier.Cgroup.CpuUsageNanoseconds)
            : 0;
        return wall > 0 ? used / wall * 100 : 0;
    }

    /// <summary>docker leaves out the inactive page cache, which the kernel can drop at will.</summary>
    static long MemoryWithoutCache(long usage, long inactiveFile) => inactiveFile < usage ? usage - inactiveFile : usage;
}
