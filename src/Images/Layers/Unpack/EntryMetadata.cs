using Berth.Images.Layers.Tar;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers.Unpack;

/// <summary>
/// Owner, mode, xattrs and times, in the order the kernel needs: chown clears setuid/setgid and
/// file capabilities, so the mode comes after it and the xattrs after that; times come last.
/// </summary>
static unsafe class EntryMetadata
{
    public static void ApplyToOpenFile(int fd, TarEntry entry, bool owners, string path)
    {
        if (owners) LayerCall.Check(Libc.fchown(fd, (int)entry.Uid, (int)entry.Gid), "chown", path);
        LayerCall.Check(Libc.fchmod(fd, entry.Mode), "chmod", path);
        foreach (var xattr in entry.Xattrs)
            if (!Whiteouts.IsOverlayXattr(xattr.Name)) SetXattr(fd, xattr, path);
        var times = stackalloc Libc.Timespec[2];
        FillTimes(times, entry.MtimeSeconds, entry.MtimeNanoseconds);
        LayerCall.Check(Libc.futimens(fd, times), "set times of", path);
    }

    /// <summary>For entries not held open: directories, symlinks, devices and fifos, named by parent descriptor and name.</summary>
    public static void ApplyAt(int parentFd, string name, TarEntry entry, bool owners, string path, bool setTimes)
    {
        if (owners) LayerCall.Check(Libc.fchownat(parentFd, name, (int)entry.Uid, (int)entry.Gid, Libc.AT_SYMLINK_NOFOLLOW), "chown", path);
        // A symlink's own mode cannot be changed on Linux and is always 0777.
        if (entry.Kind != TarEntryKind.Symlink) LayerCall.Check(Libc.fchmodat(parentFd, name, entry.Mode, 0), "chmod", path);
        foreach (var xattr in entry.Xattrs)
            if (!Whiteouts.IsOverlayXattr(xattr.Name)) SetXattrAt(parentFd, name, xattr, path);
        if (!setTimes) return;
        var times = stackalloc Libc.Timespec[2];
        FillTimes(times, entry.MtimeSeconds, entry.MtimeNanoseconds);
        LayerCall.Check(Libc.utimensat(parentFd, name, times, Libc.AT_SYMLINK_NOFOLLOW), "set times of", path);
    }

    public static void ApplyToRoot(int rootFd, TarEntry entry, bool owners)
    {
        if (owners) Libc.Check(Libc.fchown(rootFd, (int)entry.Uid, (int)entry.Gid), "chown the layer root");
        Libc.Check(Libc.fchmod(rootFd, entry.Mode), "chmod the layer root");
        foreach (var xattr in entry.Xattrs)
            if (!Whiteouts.IsOverlayXattr(xattr.Name)) SetXattr(rootFd, xattr, ".");
    }

    /// <summary>atime is set to the mtime too, so that an unpacked layer does not depend on when it was unpacked.</summary>
    public static void FillTimes(Libc.Timespec* times, long seconds, uint nanoseconds)
    {
        times[0] = times[1] = new Libc.Timespec { Seconds = seconds, Nanoseconds = nanoseconds };
    }

    static void SetXattr(int fd, Xattr xattr, string path)
    {
        fixed (byte* value = xattr.Value)
            IgnoreUnsupported(Libc.fsetxattr(fd, xattr.Name, value, xattr.Value.Length, 0), xattr, path);
    }

    /// <summary>There is no fd-and-name setxattr before Linux 6.13; /proc/self/fd/N/name resolves only through the confined parent.</summary>
    static void SetXattrAt(int parentFd, string name, Xattr xattr, string path)
    {
        fixed (byte* value = xattr.Value)
            IgnoreUnsupported(Libc.lsetxattr($"/proc/self/fd/{parentFd}/{name}", xattr.Name, value, xattr.Value.Length, 0), xattr, path);
    }

    /// <summary>Like docker, a filesystem without xattr support loses them rather than failing the pull.</summary>
    static void IgnoreUnsupported(int rc, Xattr xattr, string path)
    {
        if (rc < 0 && Libc.LastErrno != Errno.EOPNOTSUPP)
            throw LayerCall.Failed("set xattr " + xattr.Name + " on", path);
    }
}
