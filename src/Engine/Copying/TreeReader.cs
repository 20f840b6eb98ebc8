using Berth.Engine.Files;
using Berth.Sys.Errors;
using Berth.Sys.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Engine.Copying;

/// <summary>
/// Lists a file or a directory tree as copy entries, each directory before its contents. The walk
/// goes by descriptors, every child opened with O_NOFOLLOW from its parent, so a symlink is copied
/// as a symlink and never leads the walk, or a read, somewhere else.
/// </summary>
public sealed class TreeReader(FileTree tree)
{
    const int DirectoryFlags = Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC;
    // O_NONBLOCK: a file swapped for a fifo under us must fail the regular-file check, not hang the open.
    const int ContentFlags = Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_CLOEXEC;

    public IEnumerable<CopyEntry> Read(CopySource source)
    {
        var fd = tree.OpenOrThrow(source.Path, Libc.O_PATH | (source.FollowLink ? 0 : Libc.O_NOFOLLOW));
        try
        {
            var status = tree.StatOf(fd, source.Path);
            var shown = tree.Describe(source.Path);
            yield return Entry("", status, shown, () => Libc.ReadLinkAt(fd, ""), () => Libc.open(ProcFd(fd), ContentFlags & ~Libc.O_NOFOLLOW, 0));
            if (!status.IsDirectory) yield break;
            var directoryFd = Libc.open(ProcFd(fd), DirectoryFlags, 0);
            if (directoryFd < 0) throw new SystemCallException($"open directory {shown}", Libc.LastErrno);
            try
            {
                foreach (var entry in Walk(directoryFd, "", shown)) yield return entry;
            }
            finally
            {
                Libc.close(directoryFd);
            }
        }
        finally
        {
            Libc.close(fd);
        }
    }

    IEnumerable<CopyEntry> Walk(int directoryFd, string directory, string shownRoot)
    {
        foreach (var name in DirectoryListing.Names(directoryFd))
        {
            var path = directory.Length == 0 ? name : directory + "/" + name;
            var shown = shownRoot.TrimEnd('/') + "/" + path;
            if (Libc.statx(directoryFd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var status) < 0) continue; // removed meanwhile
            if (status.Type == Libc.S_IFSOCK) continue;
            yield return Entry(path, status, shown, () => Libc.ReadLinkAt(directoryFd, name), () => Libc.openat(directoryFd, name, ContentFlags, 0));
            if (!status.IsDirectory) continue;
            var childFd = Libc.openat(directoryFd, name, DirectoryFlags | Libc.O_NOFOLLOW, 0);
            if (childFd < 0) throw new SystemCallException($"open directory {shown}", Libc.LastErrno);
            try
            {
                foreach (var entry in Walk(childFd, path, shownRoot)) yield return entry;
            }
            finally
            {
                Libc.close(childFd);
            }
        }
    }

    static CopyEntry Entry(string path, Libc.Statx status, string shown, Func<string?> readLink, Func<int> openContent) => new()
    {
        Path = path,
        Kind = KindOf(status),
        Mode = status.Mode & 0xfffu,
        Uid = (int)status.Uid,
        Gid = (int)status.Gid,
        MtimeSeconds = status.MtimeSeconds,
        MtimeNanoseconds = status.MtimeNanoseconds,
        LinkTarget = status.IsSymlink ? readLink() ?? throw new SystemCallException($"readlink {shown}", Libc.LastErrno) : null,
        DevMajor = status.RdevMajor,
        DevMinor = status.RdevMinor,
        Size = status.IsRegular ? (long)status.Size : 0,
        OpenContent = status.IsRegular ? () => Content(openContent(), shown) : null,
    };

    static Stream Content(int fd, string shown)
    {
        if (fd < 0) throw new SystemCallException($"open {shown}", Libc.LastErrno);
        if (Libc.statx(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, out var status) < 0 || !status.IsRegular)
        {
            Libc.close(fd);
            throw BerthException.Conflict($"{shown} changed while it was being copied: try again");
        }
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
    }

    static CopyEntryKind KindOf(Libc.Statx status) => status.Type switch
    {
        Libc.S_IFDIR => CopyEntryKind.Directory,
        Libc.S_IFLNK => CopyEntryKind.Symlink,
        Libc.S_IFIFO => CopyEntryKind.Fifo,
        Libc.S_IFCHR => CopyEntryKind.CharDevice,
        Libc.S_IFBLK => CopyEntryKind.BlockDevice,
        _ => CopyEntryKind.File,
    };

    static string ProcFd(int fd) => $"/proc/self/fd/{fd}";
}
