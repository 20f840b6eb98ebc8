using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>Copies a directory tree with owners, modes, symlinks and times: docker's volume copy-up.</summary>
static class TreeCopy
{
    public static void Copy(string from, string to)
    {
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (Libc.statx(Libc.AT_FDCWD, entry.FullName, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var st) < 0) continue;
            if (st.IsSymlink) File.CreateSymbolicLink(target, entry.LinkTarget ?? "");
            else if (st.IsDirectory)
            {
                Directory.CreateDirectory(target);
                Copy(entry.FullName, target);
            }
            else if (st.IsRegular) File.Copy(entry.FullName, target);
            else continue;
            Libc.fchownat(Libc.AT_FDCWD, target, (int)st.Uid, (int)st.Gid, Libc.AT_SYMLINK_NOFOLLOW);
            if (!st.IsSymlink) Libc.fchmodat(Libc.AT_FDCWD, target, st.Mode & 0xfffu, 0);
        }
        if (Libc.statx(Libc.AT_FDCWD, from, 0, Libc.STATX_BASIC_STATS, out var root) == 0)
        {
            Libc.fchownat(Libc.AT_FDCWD, to, (int)root.Uid, (int)root.Gid, 0);
            Libc.fchmodat(Libc.AT_FDCWD, to, root.Mode & 0xfffu, 0);
        }
    }
}
