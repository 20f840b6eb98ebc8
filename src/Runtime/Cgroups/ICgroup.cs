using Berth.Runtime.Spec;

namespace Berth.Runtime.Cgroups;

/// <summary>One container's cgroup, whichever cgroup version the host runs.</summary>
public interface ICgroup
{
    /// <summary>The path below the hierarchy root, e.g. "berth/0123abcd…".</summary>
    string Path { get; }
    CgroupVersion Version { get; }
    bool Exists { get; }
    void Create(OciResources? resources);
    /// <summary>A directory fd for CLONE_INTO_CGROUP (v2), or -1 when processes must be moved in by pid (v1).</summary>
    int OpenForClone();
    void AddProcess(int pid);
    IReadOnlyList<int> Processes();
    void Freeze();
    void Thaw();
    bool IsFrozen();
    /// <summary>SIGKILLs every process in the cgroup, including ones that escaped the container's init.</summary>
    void KillAll();
    /// <summary>Removes the cgroup, waiting briefly for dying processes to leave it.</summary>
    void Destroy();
    CgroupStats ReadStats();
    /// <summary>How many times the kernel's OOM killer killed a process here.</summary>
    long OomKills();
}

public enum CgroupVersion { V1, V2 }

/// <summary>A point-in-time reading, in the units docker's stats API reports.</summary>
public sealed record CgroupStats(
    long MemoryUsage, long MemoryLimit, long MemoryInactiveFile,
    ulong CpuUsageNanoseconds, long PidsCurrent, long PidsLimit,
    long BlockRead, long BlockWrite);
