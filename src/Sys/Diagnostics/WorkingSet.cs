using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Berth.Sys.Diagnostics;

/// <summary>
/// Drops clean, file-backed pages from this process's working set. The monitor lives as long as its
/// container but uses only its poll loop after start-up; the code and type data that ran once (and
/// the kernel's fault-around neighbours) would otherwise stay resident. /proc/self/pagemap says, page
/// by page, whether a page is still the file's (clean, shared page cache) or a private copy (written
/// or relocated): only the former are dropped, and they fault back in on demand.
/// </summary>
public static unsafe partial class WorkingSet
{
    const int MADV_DONTNEED = 4;
    const ulong Present = 1UL << 63, FilePage = 1UL << 61;
    const int PageSize = 4096;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int madvise(nint address, nuint length, int advice);

    public static void TrimCleanFilePages()
    {
        try
        {
            using var pagemap = File.OpenHandle("/proc/self/pagemap");
            foreach (var (start, end) in PrivateFileMappings())
                DropCleanPages(pagemap, start, end);
        }
        catch (IOException)
        {
            // Best effort: a kernel without pagemap only costs memory.
        }
    }

    static List<(ulong Start, ulong End)> PrivateFileMappings()
    {
        var mappings = new List<(ulong, ulong)>();
        foreach (var line in File.ReadAllText("/proc/self/maps").AsSpan().EnumerateLines())
        {
            // "start-end perms offset dev inode path": private ('p') mappings of a real file.
            var fields = line.ToString().Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1][3] != 'p' || !fields[5].StartsWith('/')) continue;
            var dash = fields[0].IndexOf('-');
            mappings.Add((Convert.ToUInt64(fields[0][..dash], 16), Convert.ToUInt64(fields[0][(dash + 1)..], 16)));
        }
        return mappings;
    }

    static void DropCleanPages(SafeFileHandle pagemap, ulong start, ulong end)
    {
        var pages = (int)((end - start) / PageSize);
        var entries = new ulong[pages];
        var bytes = MemoryMarshal.AsBytes(entries.AsSpan());
        if (RandomAccess.Read(pagemap, bytes, (long)(start / PageSize * 8)) != bytes.Length) return;
        var run = -1;
        for (var i = 0; i <= pages; i++)
        {
            var clean = i < pages && (entries[i] & (Present | FilePage)) == (Present | FilePage);
            if (clean && run < 0) run = i;
            if (!clean && run >= 0)
            {
                madvise((nint)(start + (ulong)run * PageSize), (nuint)((i - run) * PageSize), MADV_DONTNEED);
                run = -1;
            }
        }
    }
}
