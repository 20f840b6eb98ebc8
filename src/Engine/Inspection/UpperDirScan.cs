using Berth.Engine.Files;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Inspection;

/// <summary>
/// Walks a container's upper directory by descriptor (never following the container's symlinks)
/// and records what differs from the image: whiteouts are deletions, names the image lacks are
/// additions, the rest are changes. A directory that was only copied up to hold a change below
/// shows as changed only through that change, as in docker.
/// </summary>
sealed class UpperDirScan(LowerLayers lower, List<FilesystemChange> changes)
{
    const int DirectoryFlags = Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC;

    /// <summary>True when anything at or below the directory was recorded.</summary>
    public bool Walk(int directoryFd, string directory, bool lowerHidden)
    {
        var recorded = false;
        foreach (var name in DirectoryListing.Names(directoryFd))
        {
            var path = directory.Length == 0 ? name : directory + "/" + name;
            if (InitPaths.Contains(path)) continue;
            if (Libc.statx(directoryFd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var status) < 0) continue; // gone meanwhile
            if (status.IsWhiteout) recorded |= Record(ChangeKind.Deleted, path);
            else if (status.IsDirectory) recorded |= Directory(directoryFd, name, path, status, lowerHidden);
            else recorded |= Record(!lowerHidden && lower.Find(path) is not null ? ChangeKind.Modified : ChangeKind.Added, path);
        }
        return recorded;
    }

    bool Directory(int parentFd, string name, string path, Libc.Statx status, bool lowerHidden)
    {
        var below = lowerHidden ? null : lower.Find(path);
        var fd = Libc.openat(parentFd, name, DirectoryFlags, 0);
        if (fd < 0) throw new SystemCallException($"open directory /{path} in the container's upper layer", Libc.LastErrno);
        try
        {
            if (below is null)
            {
                Walk(fd, path, lowerHidden: true);
                return Record(ChangeKind.Added, path);
            }
            var opaque = OverlayXattrs.IsOpaque(fd);
            var changedBelow = Walk(fd, path, opaque);
            if (!(opaque || changedBelow || !below.Value.IsDirectory || OwnerOrModeDiffers(status, below.Value))) return false;
            return Record(ChangeKind.Modified, path);
        }
        finally
        {
            Libc.close(fd);
        }
    }

    static bool OwnerOrModeDiffers(Libc.Statx upper, Libc.Statx lower) =>
        upper.Mode != lower.Mode || upper.Uid != lower.Uid || upper.Gid != lower.Gid;

    bool Record(ChangeKind kind, string path)
    {
        changes.Add(new FilesystemChange(kind, "/" + path));
        return true;
    }
}
