using System.Diagnostics;
using Berth.Engine.Containers;
using Berth.Runtime.Cgroups;

namespace Berth.Engine.Inspection;

/// <summary>One reading of a running container's counters, stamped with a monotonic clock.</summary>
public sealed record StatsSample(long Timestamp, CgroupStats Cgroup, NetworkCounters Network)
{
    /// <summary>Null when the container is not running (or its cgroup is already gone).</summary>
    public static StatsSample? Read(BerthPaths paths, ContainerRecord record)
    {
        if (!record.State.Running || record.State.Pid <= 0) return null;
        var cgroup = CgroupHierarchy.Detect().Open(paths.CgroupPath(record.Id));
        if (!cgroup.Exists) return null;
        return new StatsSample(Stopwatch.GetTimestamp(), cgroup.ReadStats(), record.HostConfig.NetworkMode == "host" ? NetworkCounters.Zero : NetworkCounters.Read(record.State.Pid));
    }
}
