using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers.Unpack;

/// <summary>Removes what an entry replaces, a whole directory tree included, through descriptors only.</summary>
static class TreeRemover
{
    /// <summary>Removes parentFd/name whatever it is; <paramref name="path"/> names it in errors.</summary>
    public static void Remove(int parentFd, string name, string path)
    {
        if (Libc.unlinkat(parentFd, name, 0) == 0) return;
        if (Libc.LastErrno != Errno.EISDIR && Libc.LastErrno != Errno.EPERM)
            throw LayerCall.Failed("remove", path);
        RemoveDirectory(parentFd, name, path);
    }

    static void RemoveDirectory(int parentFd, string name, string path)
    {
        var fd = LayerCall.Check(Libc.openat(parentFd, name, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0), "open for removal", path);
        try
        {
            foreach (var child in DirectoryNames.Read(fd, path)) Remove(fd, child, path + "/" + child);
        }
        finally
        {
            Libc.close(fd);
        }
        LayerCall.Check(Libc.unlinkat(parentFd, name, Libc.AT_REMOVEDIR), "remove directory", path);
    }
}
