using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers.Unpack;

/// <summary>
/// The directory a layer is unpacked into. Every parent directory is opened with
/// openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) from a descriptor of the root, so that a symlink
/// an earlier entry planted resolves inside the layer and never redirects a write outside it. The
/// parent of the previous entry stays open: tar streams list a directory's files one after another.
/// </summary>
sealed class TargetTree : IDisposable
{
    const ulong Confined = Libc.RESOLVE_IN_ROOT | Libc.RESOLVE_NO_MAGICLINKS;
    const int DirectoryFlags = Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC;
    const uint ImplicitDirectoryMode = 0x1ed; // 0755, as docker gives parents a layer does not list

    string cachedPath = "";
    int cachedFd;

    public TargetTree(string directory)
    {
        RootFd = Libc.Check(Libc.open(directory, DirectoryFlags, 0), $"open layer directory {directory}");
        cachedFd = RootFd;
    }

    public int RootFd { get; }

    /// <summary>The directory at a cleaned path ("" is the root), created with its missing ancestors; owned by the tree.</summary>
    public int Directory(string path)
    {
        if (path == cachedPath) return cachedFd;
        var fd = OpenOrCreate(path);
        if (cachedFd != RootFd) Libc.close(cachedFd);
        (cachedPath, cachedFd) = (path, fd);
        return fd;
    }

    /// <summary>A second directory open alongside the cached one (a hardlink's target); the caller passes it to <see cref="Release"/>.</summary>
    public int BorrowDirectory(string path) => path == cachedPath ? cachedFd : OpenExisting(path);

    public void Release(int fd)
    {
        if (fd != cachedFd && fd != RootFd) Libc.close(fd);
    }

    int OpenExisting(string path)
    {
        if (path.Length == 0) return RootFd;
        var fd = Libc.OpenAt2(RootFd, path, DirectoryFlags, Confined);
        return fd >= 0 ? fd : throw new SystemCallException($"open directory \"{path}\" in the layer", Libc.LastErrno);
    }

    int OpenOrCreate(string path)
    {
        if (path.Length == 0) return RootFd;
        var fd = Libc.OpenAt2(RootFd, path, DirectoryFlags, Confined);
        if (fd >= 0) return fd;
        if (Libc.LastErrno != Errno.ENOENT) throw new SystemCallException($"open directory \"{path}\" in the layer", Libc.LastErrno);
        return CreateAncestors(path);
    }

    /// <summary>mkdir -p inside the root, one component at a time, each made in its resolved parent.</summary>
    int CreateAncestors(string path)
    {
        var parentFd = RootFd;
        var end = 0;
        while (end < path.Length)
        {
            end = path.IndexOf('/', end + 1);
            if (end < 0) end = path.Length;
            var prefix = path[..end];
            var fd = Libc.OpenAt2(RootFd, prefix, DirectoryFlags, Confined);
            if (fd < 0 && Libc.LastErrno == Errno.ENOENT)
            {
                var name = prefix[(prefix.LastIndexOf('/') + 1)..];
                if (Libc.mkdirat(parentFd, name, ImplicitDirectoryMode) < 0 && Libc.LastErrno != Errno.EEXIST)
                    ThrowAndRelease(parentFd, $"mkdir \"{prefix}\" in the layer");
                fd = Libc.OpenAt2(RootFd, prefix, DirectoryFlags, Confined);
            }
            if (fd < 0) ThrowAndRelease(parentFd, $"open directory \"{prefix}\" in the layer");
            if (parentFd != RootFd) Libc.close(parentFd);
            parentFd = fd;
        }
        return parentFd;
    }

    void ThrowAndRelease(int fd, string operation)
    {
        var errno = Libc.LastErrno;
        if (fd != RootFd) Libc.close(fd);
        throw new SystemCallException(operation, errno);
    }

    public void Dispose()
    {
        if (cachedFd != RootFd) Libc.close(cachedFd);
        Libc.close(RootFd);
    }
}
