using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Copying;

/// <summary>
/// docker cp's rules for where a copy lands: into an existing directory under the source's name
/// (or, for "dir/.", onto that directory), over an existing file, or as a new name in an existing
/// directory. A destination symlink is followed once, as docker does.
/// </summary>
public static class CopyTarget
{
    public static string Resolve(FileTree tree, string userPath, CopySource source)
    {
        var path = FollowOnce(tree, tree.Clean(userPath), out var status);
        if (status is not { } existing) return New(tree, userPath, path, source);
        if (existing.IsDirectory) return source.ContentsOnly ? path : tree.Join(path, source.BaseName);
        if (source.IsDirectory) throw BerthException.Invalid($"cannot copy directory to file {tree.Describe(path)}: name a directory instead");
        if (CopyPaths.AssertsDirectory(userPath)) throw BerthException.Invalid($"{tree.Describe(path)} is not a directory");
        return path;
    }

    /// <summary>The existing directory a tar stream unpacks into.</summary>
    public static string ExistingDirectory(FileTree tree, string userPath, string shown)
    {
        var path = FollowOnce(tree, tree.Clean(userPath), out var status);
        if (status is not { IsDirectory: true }) throw BerthException.Invalid($"destination \"{shown}\" must be a directory");
        return path;
    }

    static string FollowOnce(FileTree tree, string path, out Libc.Statx? status)
    {
        status = tree.Lstat(path);
        if (status is not { IsSymlink: true }) return path;
        var target = tree.LinkDestination(path);
        status = tree.Stat(target);
        return target;
    }

    /// <summary>A destination that does not exist yet: its parent must be an existing directory.</summary>
    static string New(FileTree tree, string userPath, string path, CopySource source)
    {
        if (CopyPaths.AssertsDirectory(userPath) && !source.IsDirectory)
            throw BerthException.NotFound($"no such directory {tree.Describe(path)}: create it first, or drop the trailing \"/\"");
        var parent = tree.Split(path).Parent;
        var status = tree.Stat(parent) ?? throw tree.NotFound(parent);
        if (!status.IsDirectory) throw BerthException.Invalid($"{tree.Describe(parent)} is not a directory");
        return path;
    }
}
