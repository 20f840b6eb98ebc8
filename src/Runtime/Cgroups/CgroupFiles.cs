using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Cgroups;

/// <summary>Reading and writing cgroupfs control files, with errors that name the file.</summary>
static class CgroupFiles
{
    /// <summary>One open/write/close: cgroupfs takes each write as one command, and a container start makes dozens.</summary>
    public static void Write(string directory, string file, string value)
    {
        var path = System.IO.Path.Combine(directory, file);
        var fd = Libc.open(path, Libc.O_WRONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw new SystemCallException($"open {path}", Libc.LastErrno);
        try
        {
            Libc.WriteAll(fd, System.Text.Encoding.ASCII.GetBytes(value));
        }
        catch (SystemCallException e)
        {
            throw new BerthException(ErrorKind.Internal, $"write {value.Trim()} to {path}: {SystemCallException.Describe(e.Errno)}");
        }
        finally
        {
            Libc.close(fd);
        }
    }

    public static string? Read(string directory, string file)
    {
        var bytes = Libc.TryReadFile(System.IO.Path.Combine(directory, file));
        return bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes).Trim();
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
            catch (IOException) when (attempt < 60)
            {
                // Tasks leave a cgroup a moment after they are reaped: start with short waits.
                Thread.Sleep(attempt < 10 ? 1 : 10);
            }
            catch (IOException e)
            {
                throw BerthException.Internal($"remove cgroup {path}: {e.Message}");
            }
        }
    }
}
