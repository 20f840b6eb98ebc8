using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Copying;

/// <summary>
/// Sets owner, mode and times through a descriptor of the file itself (O_PATH is enough), never
/// through its name: the name may have been swapped for a symlink by the container meanwhile.
/// chmod and utimes go through /proc/self/fd/N, which reaches the very inode the descriptor holds.
/// </summary>
static unsafe class PinnedMetadata
{
    public static void Owner(int fd, (int Uid, int Gid)? owner, string shown)
    {
        if (owner is not { } id) return;
        if (Libc.fchownat(fd, "", id.Uid, id.Gid, Libc.AT_EMPTY_PATH) < 0) throw new SystemCallException($"chown {shown}", Libc.LastErrno);
    }

    /// <summary>After the owner: chown clears setuid and setgid bits.</summary>
    public static void Mode(int fd, uint mode, string shown)
    {
        if (Libc.fchmodat(Libc.AT_FDCWD, ProcFd(fd), mode & 0xfffu, 0) < 0) throw new SystemCallException($"chmod {shown}", Libc.LastErrno);
    }

    public static void Times(int fd, CopyEntry entry)
    {
        var times = stackalloc Libc.Timespec[2];
        times[0] = times[1] = new Libc.Timespec { Seconds = entry.MtimeSeconds, Nanoseconds = entry.MtimeNanoseconds };
        // Times are cosmetic: a filesystem that refuses them should not fail the copy.
        Libc.utimensat(Libc.AT_FDCWD, ProcFd(fd), times, 0);
    }

    /// <summary>A symlink's own owner and times, by name with AT_SYMLINK_NOFOLLOW (a symlink has no mode).</summary>
    public static void SymlinkOwnerAndTimes(int parentFd, string name, (int Uid, int Gid)? owner, CopyEntry entry, string shown)
    {
        if (owner is { } id && Libc.fchownat(parentFd, name, id.Uid, id.Gid, Libc.AT_SYMLINK_NOFOLLOW) < 0)
            throw new SystemCallException($"chown {shown}", Libc.LastErrno);
        var times = stackalloc Libc.Timespec[2];
        times[0] = times[1] = new Libc.Timespec { Seconds = entry.MtimeSeconds, Nanoseconds = entry.MtimeNanoseconds };
        Libc.utimensat(parentFd, name, times, Libc.AT_SYMLINK_NOFOLLOW);
    }

    static string ProcFd(int fd) => $"/proc/self/fd/{fd}";
}
