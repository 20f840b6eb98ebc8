using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>
/// Paths inside the container's rootfs, resolved by the kernel with the rootfs as "/" (openat2
/// RESOLVE_IN_ROOT): an image's symlink such as /etc -> /host/etc can never lead a mount outside.
/// Mounting onto /proc/self/fd/N of the resolved fd then closes the race with a symlink swap.
/// </summary>
static class RootPath
{
    const ulong Resolve = Libc.RESOLVE_IN_ROOT | Libc.RESOLVE_NO_MAGICLINKS;

    public static int Open(int rootFd, string path, int flags = Libc.O_PATH) =>
        Libc.OpenAt2(rootFd, Relative(path), (ulong)(flags | Libc.O_CLOEXEC), Resolve);

    /// <summary>Opens path as an O_PATH fd, first creating it (and its parents) as a directory or an empty file.</summary>
    public static int OpenOrCreate(int rootFd, string path, bool directory)
    {
        var fd = Open(rootFd, path);
        if (fd >= 0) return fd;
        if (Libc.LastErrno != Errno.ENOENT) throw new SystemCallException($"open {path} in the container", Libc.LastErrno);
        var relative = Relative(path);
        var parent = Path.GetDirectoryName(relative) ?? "";
        var name = Path.GetFileName(relative);
        var parentFd = parent.Length == 0 ? Libc.dup(rootFd) : OpenOrCreate(rootFd, parent, directory: true);
        try
        {
            if (directory)
            {
                if (Libc.mkdirat(parentFd, name, 0x1ed) < 0 && Libc.LastErrno != Errno.EEXIST)
                    throw new SystemCallException($"mkdir {path} in the container", Libc.LastErrno);
            }
            else
            {
                var file = Libc.openat(parentFd, name, Libc.O_CREAT | Libc.O_WRONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0x1a4);
                if (file < 0 && Libc.LastErrno != Errno.EEXIST) throw new SystemCallException($"create {path} in the container", Libc.LastErrno);
                if (file >= 0) Libc.close(file);
            }
        }
        finally
        {
            Libc.close(parentFd);
        }
        return Libc.Check(Open(rootFd, path), $"open {path} in the container");
    }

    public static string Relative(string path)
    {
        var trimmed = path.TrimStart('/');
        return trimmed.Length == 0 ? "." : trimmed;
    }

    public static string ProcFd(int fd) => $"/proc/self/fd/{fd}";
}
