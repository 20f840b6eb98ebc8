namespace Berth.Engine;

/// <summary>
/// Where berth keeps state: persistent data under the root (/var/lib/berth, or --root / BERTH_ROOT),
/// and what must not survive a reboot under the run root (/run/berth, or BERTH_RUNROOT).
/// </summary>
public sealed record BerthPaths(string Root, string RunRoot)
{
    public const string DefaultRoot = "/var/lib/berth";
    public const string DefaultRunRoot = "/run/berth";

    /// <summary>
    /// The run root belongs to the state root: it is recorded in ROOT/runroot on first use, so that every
    /// later command finds the containers' monitor locks there, whatever its own environment says. A
    /// command looking in the wrong run root would take live containers for dead ones.
    /// </summary>
    public static BerthPaths FromEnvironment(string? rootFlag = null)
    {
        var root = Path.GetFullPath(rootFlag ?? Environment.GetEnvironmentVariable("BERTH_ROOT") ?? DefaultRoot);
        var recordFile = Path.Combine(root, "runroot");
        var recorded = ReadRecorded(recordFile);
        var runRoot = recorded ?? Environment.GetEnvironmentVariable("BERTH_RUNROOT")
                      ?? (root == DefaultRoot ? DefaultRunRoot : Path.Combine(DefaultRunRoot, "roots", Fnv1a(root).ToString("x16")));
        runRoot = Path.GetFullPath(runRoot);
        if (recorded is null) Record(root, recordFile, runRoot);
        return new BerthPaths(root, runRoot);
    }

    static string? ReadRecorded(string file)
    {
        try { return File.ReadAllText(file).Trim() is { Length: > 0 } text ? text : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    static void Record(string root, string file, string runRoot)
    {
        try
        {
            Directory.CreateDirectory(root);
            Berth.Sys.Files.AtomicFile.WriteText(file, runRoot + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A root we cannot write to is reported by whatever command needs to write there.
        }
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
    /// <summary>
    /// An empty file that exists while a run is in progress. Unlike the run directory it survives a
    /// reboot, so a container that was running when /run was wiped is known to have died.
    /// </summary>
    public string RunningMarker(string id) => Path.Combine(ContainerDir(id), "running");
    public string UpperDir(string id) => Path.Combine(ContainerDir(id), "upper");
    public string WorkDir(string id) => Path.Combine(ContainerDir(id), "work");
    public string LogPath(string id) => Path.Combine(ContainerDir(id), $"{id}-json.log");
    public string HostsPath(string id) => Path.Combine(ContainerDir(id), "hosts");
    public string HostnamePath(string id) => Path.Combine(ContainerDir(id), "hostname");
    public string ResolvConfPath(string id) => Path.Combine(ContainerDir(id), "resolv.conf");

    public string RunDir(string id) => Path.Combine(RunRoot, "containers", id);
    public string Bundle(string id) => RunDir(id);
    public string Rootfs(string id) => Path.Combine(RunDir(id), "rootfs");
    /// <summary>
    /// The monitor's pid, in a file the monitor holds locked for its whole life: a free lock means a dead
    /// monitor, whatever pid the file names (the pid alone could have been reused).
    /// </summary>
    public string MonitorLock(string id) => Path.Combine(RunDir(id), "monitor.pid");
    /// <summary>The cgroup path below each hierarchy's root.</summary>
    public string CgroupPath(string id) => RunRoot == DefaultRunRoot ? $"berth/{id}" : $"berth-{Path.GetFileName(RunRoot)}/{id}";
}
