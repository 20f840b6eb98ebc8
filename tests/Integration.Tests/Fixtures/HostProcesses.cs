namespace Berth.Integration.Tests.Fixtures;

/// <summary>The host's process table, read from /proc: finding monitors by their command line, telling dead processes from live ones.</summary>
public static class HostProcesses
{
    /// <summary>Every process's argv (kernel threads and processes gone while listing are skipped).</summary>
    public static IEnumerable<(int Pid, string[] Argv)> All()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (cmdline.Length == 0) continue;
            yield return (pid, cmdline.TrimEnd('\0').Split('\0'));
        }
    }

    /// <summary>
    /// Live monitors under a run root, as (pid, container ID): each writes its pid to RUNROOT/containers/ID/monitor.pid
    /// (its argv cannot name the container: the monitor is spawned before the container exists).
    /// </summary>
    public static List<(int Pid, string Id)> Monitors(string runRoot)
    {
        var monitors = new List<(int, string)>();
        var containers = Path.Combine(runRoot, "containers");
        if (!Directory.Exists(containers)) return monitors;
        foreach (var dir in Directory.EnumerateDirectories(containers))
        {
            string text;
            try { text = File.ReadAllText(Path.Combine(dir, "monitor.pid")).Trim(); }
            catch (IOException) { continue; }
            if (int.TryParse(text, out var pid) && IsAlive(pid) && IsMonitor(pid)) monitors.Add((pid, Path.GetFileName(dir)));
        }
        return monitors;
    }

    /// <summary>
    /// Monitors started for this berth root (by argv, so also those never given a container) and
    /// their children (a monitor may clone the container's init before the container exists).
    /// </summary>
    public static List<int> MonitorTree(string root)
    {
        var all = All().ToList();
        var monitors = all.Where(p => p.Argv.Length >= 4 && p.Argv[1] == "monitor" && p.Argv[2] == "--root" && p.Argv[3] == root)
            .Select(p => p.Pid).Where(IsAlive).ToHashSet();
        var children = all.Select(p => p.Pid).Where(pid => IsAlive(pid) && ParentOf(pid) is { } parent && monitors.Contains(parent));
        return [.. monitors, .. children];
    }

    static int? ParentOf(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return line is null ? null : int.Parse(line["PPid:".Length..].Trim());
        }
        catch (IOException) { return null; }
    }

    static bool IsMonitor(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim() == "berth-monitor"; }
        catch (IOException) { return false; }
    }

    public static int? MonitorOf(string runRoot, string id) =>
        Monitors(runRoot).Where(m => m.Id == id).Select(m => (int?)m.Pid).FirstOrDefault();

    /// <summary>True while the process exists and has not exited; a zombie has exited and only waits to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static string Readlink(string path) => new FileInfo(path).LinkTarget ?? throw new IOException($"{path} is not a link");
}
