namespace Berth.Runtime.Cgroups;

/// <summary>
/// Where the host mounts its cgroups: v1 controllers each in their own hierarchy (this project's
/// test hosts are hybrid: v1 controllers plus an empty unified tree), or one unified v2 tree.
/// </summary>
public sealed record CgroupHierarchy(CgroupVersion Version, string UnifiedRoot, IReadOnlyDictionary<string, string> V1Controllers)
{
    /// <summary>The v1 controllers berth places containers in, when the host has them.</summary>
    public static readonly string[] V1Wanted = ["memory", "cpu", "cpuacct", "cpuset", "pids", "freezer", "devices", "blkio"];

    static CgroupHierarchy? _cached;

    public static CgroupHierarchy Detect() => _cached ??= Parse(File.ReadAllLines("/proc/self/mountinfo"));

    public static CgroupHierarchy Parse(IEnumerable<string> mountinfo)
    {
        var controllers = new Dictionary<string, string>();
        string? unified = null;
        foreach (var line in mountinfo)
        {
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0) continue;
            var fields = line[..separator].Split(' ');
            var tail = line[(separator + 3)..].Split(' ');
            if (fields.Length < 5 || tail.Length < 3) continue;
            var mountPoint = fields[4];
            if (tail[0] == "cgroup2") unified ??= mountPoint;
            else if (tail[0] == "cgroup")
                foreach (var option in tail[2].Split(','))
                    if (V1Wanted.Contains(option)) controllers.TryAdd(option, mountPoint);
        }
        if (controllers.ContainsKey("memory"))
            return new CgroupHierarchy(CgroupVersion.V1, unified ?? "", controllers);
        return new CgroupHierarchy(CgroupVersion.V2, unified ?? "/sys/fs/cgroup", controllers);
    }

    public ICgroup Open(string path) => Version == CgroupVersion.V1
        ? new CgroupV1(V1Controllers, path)
        : new CgroupV2(UnifiedRoot, path);
}
