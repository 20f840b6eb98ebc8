namespace Berth.Runtime.Spawn;

/// <summary>A process to create: what to exec, in which new namespaces and cgroup, with which fds.</summary>
public sealed record SpawnRequest
{
    /// <summary>The binary; berth re-executes itself through /proc/self/exe.</summary>
    public string Path { get; init; } = "/proc/self/exe";
    public required IReadOnlyList<string> Arguments { get; init; }
    public IReadOnlyList<string> Environment { get; init; } = [];
    /// <summary>CLONE_NEW* flags for namespaces the child creates.</summary>
    public ulong CloneFlags { get; init; }
    /// <summary>A cgroup v2 directory fd to start the child in (CLONE_INTO_CGROUP), or -1.</summary>
    public int CgroupFd { get; init; } = -1;
    /// <summary>A pid namespace fd to start the child in (exec into a container), or -1.</summary>
    public int PidNamespaceFd { get; init; } = -1;
    /// <summary>(source fd in this process, fd number in the child): everything else is closed at exec.</summary>
    public IReadOnlyList<(int Source, int Target)> Fds { get; init; } = [];
    public bool NewSession { get; init; }
    public int ParentDeathSignal { get; init; }
}
