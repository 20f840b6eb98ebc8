using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Copying;

/// <summary>
/// One side of a copy. The host's tree resolves paths as the kernel always does. A container's tree
/// holds a descriptor of the container's root and resolves every path with openat2(RESOLVE_IN_ROOT),
/// so its symlinks, absolute ones included, resolve inside the container and can never lead out.
/// Paths given to it are cleaned with <see cref="Clean"/> first.
/// </summary>
public sealed class FileTree : IDisposable
{
    const ulong InRoot = Libc.RESOLVE_IN_ROOT | Libc.RESOLVE_NO_MAGICLINKS;
    readonly ulong _resolve;
    readonly string? _container;
    int _rootFd;

    FileTree(int rootFd, ulong resolve, string? container)
    {
        _rootFd = rootFd;
        _resolve = resolve;
        _container = container;
    }

    public static FileTree Host() => new(Libc.AT_FDCWD, 0, null);

    /// <summary>Takes ownership of <paramref name="rootFd"/>; <paramref name="name"/> is the container as the user named it.</summary>
    public static FileTree Container(int rootFd, string name) => new(rootFd, InRoot, name);

    public bool IsContainer => _container is not null;

    /// <summary>The root directory's descriptor, owned by this tree.</summary>
    public int RootFd => _rootFd;

    public string Clean(string path) => IsContainer ? CopyPaths.CleanRooted(path) : CopyPaths.CleanHost(path);

    public (string Parent, string Name) Split(string path) => CopyPaths.Split(path);

    public string Join(string directory, string relative) => CopyPaths.Join(directory, relative);

    /// <summary>The path as the user sees it: container paths are absolute inside the container.</summary>
    public string Describe(string path) => IsContainer ? (path == "." ? "/" : "/" + path) : path;

    /// <summary>openat2 inside the tree; -1 with errno on failure.</summary>
    public int Open(string path, int flags) => Libc.OpenAt2(_rootFd, path, (ulong)(flags | Libc.O_CLOEXEC), _resolve);

    public int OpenOrThrow(string path, int flags)
    {
        var fd = Open(path, flags);
        if (fd >= 0) return fd;
        var errno = Libc.LastErrno;
        if (errno is Errno.ENOENT) throw NotFound(path);
        throw new SystemCallException($"open {Describe(path)}{Where}", errno);
    }

    /// <summary>What is at the path, not following a final symlink; null when nothing is.</summary>
    public Libc.Statx? Lstat(string path)
    {
        var (parent, name) = Split(path);
        if (name == ".") return Stat(path);
        var parentFd = Open(parent, Libc.O_PATH | Libc.O_DIRECTORY);
        if (parentFd < 0) return Missing(parent);
        try
        {
            return Libc.statx(parentFd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var status) == 0 ? status : Missing(path);
        }
        finally
        {
            Libc.close(parentFd);
        }
    }

    /// <summary>What the path leads to, following symlinks (inside the root, for a container); null when nothing.</summary>
    public Libc.Statx? Stat(string path)
    {
        var fd = Open(path, Libc.O_PATH);
        if (fd < 0) return Missing(path);
        try
        {
            return StatOf(fd, path);
        }
        finally
        {
            Libc.close(fd);
        }
    }

    public Libc.Statx StatOf(int fd, string path)
    {
        if (Libc.statx(fd, "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var status) < 0)
            throw new SystemCallException($"stat {Describe(path)}{Where}", Libc.LastErrno);
        return status;
    }

    /// <summary>Where a symlink points, as a path of this tree: docker follows a destination symlink once, lexically.</summary>
    public string LinkDestination(string path)
    {
        var (parent, name) = Split(path);
        var parentFd = OpenOrThrow(parent, Libc.O_PATH | Libc.O_DIRECTORY);
        string target;
        try
        {
            target = Libc.ReadLinkAt(parentFd, name) ?? throw new SystemCallException($"readlink {Describe(path)}{Where}", Libc.LastErrno);
        }
        finally
        {
            Libc.close(parentFd);
        }
        var joined = target.StartsWith('/') ? target : Join(parent, target);
        return Clean(joined);
    }

    public BerthException NotFound(string path) => IsContainer
        ? BerthException.NotFound($"Could not find the file {Describe(path)} in container {_container}")
        : BerthException.NotFound($"lstat {path}: no such file or directory");

    string Where => IsContainer ? $" in container {_container}" : "";

    Libc.Statx? Missing(string path)
    {
        var errno = Libc.LastErrno;
        if (errno is Errno.ENOENT or Errno.ENOTDIR) return null;
        throw new SystemCallException($"stat {Describe(path)}{Where}", errno);
    }

    public void Dispose()
    {
        if (_rootFd >= 0) Libc.close(_rootFd);
        _rootFd = -1;
    }
}
