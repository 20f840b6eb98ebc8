using Berth.Sys.Errors;

namespace Berth.Engine.Copying;

/// <summary>
/// What a cp copies: a cleaned path, whether it is a directory, whether only its contents go
/// ("dir/."), and the name it takes at the destination.
/// </summary>
public sealed record CopySource(string Path, bool IsDirectory, bool ContentsOnly, string BaseName, bool FollowLink)
{
    /// <param name="followLink">-L; a trailing "/" follows a final symlink too, as the kernel does.</param>
    public static CopySource Resolve(FileTree tree, string userPath, bool followLink)
    {
        var path = tree.Clean(userPath);
        var follow = followLink || CopyPaths.AssertsDirectory(userPath);
        var status = (follow ? tree.Stat(path) : tree.Lstat(path)) ?? throw tree.NotFound(path);
        if (CopyPaths.AssertsDirectory(userPath) && !status.IsDirectory)
            throw BerthException.Invalid($"{tree.Describe(path)} is not a directory: drop the trailing \"/\" to copy the file");
        var name = tree.Split(path).Name;
        var contentsOnly = status.IsDirectory && (CopyPaths.MeansContents(userPath) || name == ".");
        return new CopySource(path, status.IsDirectory, contentsOnly, name, follow);
    }
}
