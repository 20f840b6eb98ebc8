using Berth.Engine.Containers;
using Berth.Images.Content;
using Berth.Images.Snapshots;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Copying;

/// <summary>
/// A stopped container's root filesystem, mounted for one command on a private directory under
/// the berth root (the container's init mounts it only inside its own namespace while it runs).
/// Dispose always detaches it.
/// </summary>
sealed class TemporaryOverlay : IDisposable
{
    /// <summary>Mount options must fit in a page; past this, lowerdirs go by the layer store's short links.</summary>
    const int LongestLowerDirs = 3000;
    readonly string _mountPoint;
    bool _mounted;

    TemporaryOverlay(string mountPoint)
    {
        _mountPoint = mountPoint;
        _mounted = true;
    }

    public static TemporaryOverlay Mount(BerthPaths paths, LayerStore layers, ContainerRecord record)
    {
        var mountPoint = Path.Combine(paths.Root, "tmp", $"cp-{record.Id[..12]}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(mountPoint, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = Runtime.Spec.OverlayOptions.For(LowerDirs(layers, record), paths.UpperDir(record.Id), paths.WorkDir(record.Id), disposableUpper: false);
        if (Libc.mount("overlay", mountPoint, "overlay", Libc.MS_NOSUID | Libc.MS_NODEV, options) < 0)
        {
            var errno = Libc.LastErrno;
            Directory.Delete(mountPoint);
            throw new SystemCallException($"mount the filesystem of stopped container {record.ShortName} on {mountPoint}", errno);
        }
        return new TemporaryOverlay(mountPoint);
    }

    public int OpenRoot() =>
        Libc.Check(Libc.open(_mountPoint, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), $"open {_mountPoint}");

    static string LowerDirs(LayerStore layers, ContainerRecord record)
    {
        var diffIds = record.Berth.LayerDiffIds.Select(Digest.Parse).ToList();
        if (diffIds.Count == 0)
        {
            // overlay needs a lowerdir; an image without layers gets the store's empty one, as at start.
            var empty = Path.Combine(layers.OverlayBase, "empty");
            Directory.CreateDirectory(empty);
            return empty;
        }
        var full = string.Join(':', Enumerable.Reverse(diffIds).Select(layers.DiffPath));
        if (full.Length <= LongestLowerDirs) return full;
        return string.Join(':', layers.LowerDirs(diffIds).Split(':').Select(link => Path.Combine(layers.OverlayBase, link)));
    }

    public void Dispose()
    {
        if (!_mounted) return;
        _mounted = false;
        Libc.umount2(_mountPoint, Libc.MNT_DETACH);
        try
        {
            Directory.Delete(_mountPoint);
        }
        catch (IOException)
        {
            // Still busy after a lazy unmount: the empty directory is harmless and `system prune` may take it.
        }
    }
}
