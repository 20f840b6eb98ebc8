namespace Berth.Engine;

/// <summary>
/// Where berth keeps state: persistent data under the root (/var/lib/berth, or --root / BERTH_ROOT),
/// and what must not survive a reboot under the run root (/run/berth, or BERTH_RUNROOT).
/// </summary>
public sealed record BerthPaths(string Root, string RunRoot)
{
    public const string DefaultRoot = "/var/lib/berth";
    public const string DefaultRunRoot = "/run/berth";

    public static BerthPaths FromEnvironment(string? rootFlag = null)
    {
        var root = rootFlag ?? Environment.GetEnvironmentVariable("BERTH_ROOT") ?? DefaultRoot;
        var runRoot = Environment.GetEnvironmentVariable("BERTH_RUNROOT")
                      ?? (root == DefaultRoot ? DefaultRunRoot : Path.Combine(DefaultRunRoot, "roots", Fnv1a(Path.GetFullPath(root)).ToString("x16")));
        return new BerthPaths(Path.GetFullPath(root), Path.GetFullPath(runRoot));
    }

    /// <summary>A stable name for a root's run directory; not SHA-256, whose first use loads OpenSSL (5 ms per command).</summary>
    static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    public string Containers => Path.Combine(Root, "containers");
    public string Names => Path.Combine(Root, "names");
    public string Volumes => Path.Combine(Root, "volumes");
    public string Cache => Path.Combine(Root, "cache");
    public string SeccompCache => Path.Combine(Cache, "seccomp");

    public string ContainerDir(string id) => Path.Combine(Containers, id);
    public string ContainerRecord(string id) => Path.Combine(ContainerDir(id), "container.json");
    public string ContainerLock(string id) => Path.Combine(ContainerDir(id), "lock");
    /// <summary>Held across a whole start or removal, so the two never interleave.</summary>
    public string LifecycleLock(string id) => Path.Combine(ContainerDir(id), "lifecycle.lock");
    public string UpperDir(string id) => Path.Combine(ContainerDir(id), "upper");
    public string WorkDir(string id) => Path.Combine(ContainerDir(id), "work");
    public string LogPath(string id) => Path.Combine(ContainerDir(id), $"{id}-json.log");
    public string HostsPath(string id) => Path.Combine(ContainerDir(id), "hosts");
    public string HostnamePath(string id) => Path.Combine(ContainerDir(id), "hostname");
    public string ResolvConfPath(string id) => Path.Combine(ContainerDir(id), "resolv.conf");

    public string RunDir(string id) => Path.Combine(RunRoot, "containers", id);
    public string Bundle(string id) => RunDir(id);
    public string Rootfs(string id) => Path.Combine(RunDir(id), "rootfs");
    /// <summary>Held by the container's monitor for its whole life: a free lock means a dead monitor.</summary>
    public string MonitorLock(string id) => Path.Combine(RunDir(id), "monitor.lock");
    /// <summary>The cgroup path below each hierarchy's root.</summary>
    public string CgroupPath(string id) => RunRoot == DefaultRunRoot ? $"berth/{id}" : $"berth-{Path.GetFileName(RunRoot)}/{id}";
}
