using Berth.Images.Layers.Tar;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers.Unpack;

/// <summary>
/// Makes an entry's inode in its parent directory. When the name is taken, a later entry replaces
/// the earlier one, except that a directory over a directory merges.
/// </summary>
static class EntryCreator
{
    const int NewFileFlags = Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_CLOEXEC;

    /// <summary>
    /// Returns the open descriptor for a file, 0 for other kinds. <paramref name="replacedWhiteout"/>
    /// is true when a directory took the place of a whiteout, so it must hide what lies below.
    /// </summary>
    public static int Create(TarEntry entry, LinkSource link, int parentFd, string name, string path, out bool replacedWhiteout)
    {
        replacedWhiteout = false;
        var rc = TryCreate(entry, link, parentFd, name);
        if (rc >= 0) return rc;
        if (Libc.LastErrno != Errno.EEXIST) throw Failure(entry, path);
        LayerCall.Check(Libc.statx(parentFd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var existing), "stat", path);
        if (existing.IsDirectory && entry.Kind == TarEntryKind.Directory) return 0;
        replacedWhiteout = existing.IsWhiteout;
        TreeRemover.Remove(parentFd, name, path);
        rc = TryCreate(entry, link, parentFd, name);
        return rc >= 0 ? rc : throw Failure(entry, path);
    }

    static int TryCreate(TarEntry entry, LinkSource link, int parentFd, string name)
    {
        var permissions = entry.Mode & 0x1ff;
        var rc = entry.Kind switch
        {
            TarEntryKind.File => Libc.openat(parentFd, name, NewFileFlags, 0x180), // 0600 until chown and chmod
            TarEntryKind.Directory => Libc.mkdirat(parentFd, name, permissions),
            TarEntryKind.Symlink => Libc.symlinkat(entry.LinkName, parentFd, name),
            TarEntryKind.HardLink => Libc.linkat(link.DirectoryFd, link.Name, parentFd, name, 0),
            TarEntryKind.CharDevice => Libc.mknodat(parentFd, name, Libc.S_IFCHR | permissions, Libc.MakeDev(entry.DevMajor, entry.DevMinor)),
            TarEntryKind.BlockDevice => Libc.mknodat(parentFd, name, Libc.S_IFBLK | permissions, Libc.MakeDev(entry.DevMajor, entry.DevMinor)),
            _ => Libc.mknodat(parentFd, name, Libc.S_IFIFO | permissions, 0),
        };
        return entry.Kind == TarEntryKind.File || rc < 0 ? rc : 0;
    }

    static SystemCallException Failure(TarEntry entry, string path)
    {
        var operation = entry.Kind switch
        {
            TarEntryKind.File => "create",
            TarEntryKind.Directory => "mkdir",
            TarEntryKind.Symlink => "symlink",
            TarEntryKind.HardLink => $"hardlink to \"{entry.LinkName}\" as",
            _ => "mknod",
        };
        return LayerCall.Failed(operation, path);
    }
}
