using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Copying;

/// <summary>
/// A tar stream may list "a/b/file" without "a" or "a/b": like docker, make them (0755, owned by
/// the creating root), one component at a time inside the tree.
/// </summary>
static class ImplicitParents
{
    const uint DirectoryMode = 0x1ed;

    public static void Create(FileTree tree, string target, string relativeDirectory)
    {
        var current = "";
        foreach (var part in relativeDirectory.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current.Length == 0 ? part : current + "/" + part;
            var path = tree.Join(target, current);
            var fd = tree.Open(path, Libc.O_PATH | Libc.O_DIRECTORY);
            if (fd >= 0)
            {
                Libc.close(fd);
                continue;
            }
            var (parent, name) = tree.Split(path);
            var parentFd = tree.OpenOrThrow(parent, Libc.O_PATH | Libc.O_DIRECTORY);
            var made = Libc.mkdirat(parentFd, name, DirectoryMode);
            var errno = Libc.LastErrno;
            Libc.close(parentFd);
            if (made < 0 && errno != Errno.EEXIST) throw new SystemCallException($"mkdir {tree.Describe(path)}", errno);
        }
    }
}
