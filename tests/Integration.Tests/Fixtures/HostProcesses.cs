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

    /// <summary>Live monitors of a berth root, as (pid, container ID): their argv is `berth monitor --root ROOT ID [ROWS COLS]`.</summary>
    public static List<(int Pid, string Id)> Monitors(string root) =>
        All().Where(p => p.Argv.Length >= 5 && p.Argv[1] == "monitor" && p.Argv[2] == "--root" && p.Argv[3] == root && IsAlive(p.Pid))
            .Select(p => (p.Pid, p.Argv[4])).ToList();

    public static int? MonitorOf(string root, string id) =>
        Monitors(root).Where(m => m.Id == id).Select(m => (int?)m.Pid).FirstOrDefault();

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
