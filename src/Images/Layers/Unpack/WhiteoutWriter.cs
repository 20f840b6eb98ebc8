using Berth.Images.Layers.Tar;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers.Unpack;

/// <summary>Turns the OCI whiteout entries of a layer tar into their overlayfs forms.</summary>
static unsafe class WhiteoutWriter
{
    /// <summary>
    /// ".wh.NAME": a 0/0 character device named NAME. If this layer already holds NAME, that entry
    /// hides the layers below by itself; a directory additionally becomes opaque.
    /// </summary>
    public static void Delete(int parentFd, string name, string path, TarEntry entry, bool owners)
    {
        if (Libc.mknodat(parentFd, name, Libc.S_IFCHR, 0) == 0)
        {
            if (owners) LayerCall.Check(Libc.fchownat(parentFd, name, (int)entry.Uid, (int)entry.Gid, Libc.AT_SYMLINK_NOFOLLOW), "chown whiteout", path);
            return;
        }
        if (Libc.LastErrno != Errno.EEXIST) throw LayerCall.Failed("mknod whiteout", path);
        LayerCall.Check(Libc.statx(parentFd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var existing), "stat", path);
        if (existing.IsDirectory) MarkOpaque(parentFd, name, path);
    }

    public static void MarkOpaque(int parentFd, string name, string path)
    {
        var fd = LayerCall.Check(Libc.openat(parentFd, name, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0), "open", path);
        try
        {
            MarkOpaque(fd, path);
        }
        finally
        {
            Libc.close(fd);
        }
    }

    public static void MarkOpaque(int directoryFd, string path)
    {
        fixed (byte* value = Whiteouts.OpaqueValue)
            LayerCall.Check(Libc.fsetxattr(directoryFd, Whiteouts.OpaqueXattr, value, Whiteouts.OpaqueValue.Length, 0), "set " + Whiteouts.OpaqueXattr + " on", path);
    }
}
