using Berth.Sys.Errors;

namespace Berth.Runtime.Cgroups;

/// <summary>Reading and writing cgroupfs control files, with errors that name the file.</summary>
static class CgroupFiles
{
    public static void Write(string directory, string file, string value)
    {
        var path = System.IO.Path.Combine(directory, file);
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BerthException.Internal($"write {value.Trim()} to {path}: {e.Message}");
        }
    }

    public static string? Read(string directory, string file)
    {
        try
        {
            return File.ReadAllText(System.IO.Path.Combine(directory, file)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static long ReadLong(string directory, string file, long fallback = 0) =>
        long.TryParse(Read(directory, file), out var v) ? v : fallback;

    /// <summary>Parses "key value" lines (memory.stat, memory.events, cpu.stat).</summary>
    public static long ReadKey(string directory, string file, string key)
    {
        var text = Read(directory, file);
        if (text is null) return 0;
        foreach (var line in text.Split('\n'))
        {
            var space = line.IndexOf(' ');
            if (space > 0 && line.AsSpan(0, space).SequenceEqual(key) && long.TryParse(line.AsSpan(space + 1), out var v))
                return v;
        }
        return 0;
    }

    public static IReadOnlyList<int> ReadPids(string directory)
    {
        var text = Read(directory, "cgroup.procs");
        if (string.IsNullOrEmpty(text)) return [];
        var pids = new List<int>();
        foreach (var line in text.Split('\n'))
            if (int.TryParse(line, out var pid)) pids.Add(pid);
        return pids;
    }

    /// <summary>rmdir, retrying while the kernel still counts exiting tasks in the cgroup.</summary>
    public static void RemoveDirectory(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.Delete(path);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(10);
            }
            catch (IOException e)
            {
                throw BerthException.Internal($"remove cgroup {path}: {e.Message}");
            }
        }
    }
}
