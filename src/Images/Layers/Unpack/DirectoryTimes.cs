using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers.Unpack;

/// <summary>
/// Directory mtimes, set after the last entry: creating anything inside a directory (files,
/// whiteouts, the opaque mark) moves its mtime. Later entries for the same path win.
/// </summary>
sealed unsafe class DirectoryTimes
{
    readonly List<(string Path, long Seconds, uint Nanoseconds)> pending = [];

    public void Defer(string path, long seconds, uint nanoseconds) => pending.Add((path, seconds, nanoseconds));

    public void Apply(TargetTree tree)
    {
        var times = stackalloc Libc.Timespec[2];
        foreach (var (path, seconds, nanoseconds) in pending)
        {
            EntryMetadata.FillTimes(times, seconds, nanoseconds);
            if (path.Length == 0)
            {
                Libc.Check(Libc.futimens(tree.RootFd, times), "set times of the layer root");
                continue;
            }
            var (parent, name) = EntryPath.Split(path);
            var parentFd = tree.Directory(parent);
            // A later entry may have replaced the directory; its own time is already right.
            if (Libc.statx(parentFd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var status) < 0 || !status.IsDirectory) continue;
            LayerCall.Check(Libc.utimensat(parentFd, name, times, Libc.AT_SYMLINK_NOFOLLOW), "set times of", path);
        }
    }
}
