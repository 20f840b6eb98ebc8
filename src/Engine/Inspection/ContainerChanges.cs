using Berth.Engine.Containers;
using Berth.Images.Content;
using Berth.Images.Snapshots;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Inspection;

/// <summary>`diff`: what a container changed in its image, read from its upper layer (running or not).</summary>
public sealed class ContainerChanges(BerthPaths paths, LayerStore layers)
{
    public List<FilesystemChange> List(ContainerRecord record)
    {
        var lower = new LowerLayers(record.Berth.LayerDiffIds.Select(Digest.Parse).Reverse().Select(layers.DiffPath).ToList());
        var upper = paths.UpperDir(record.Id);
        var fd = Libc.open(upper, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw new SystemCallException($"open the upper layer of container {record.ShortName} ({upper})", Libc.LastErrno);
        var changes = new List<FilesystemChange>();
        try
        {
            new UpperDirScan(lower, changes).Walk(fd, "", lowerHidden: false);
        }
        finally
        {
            Libc.close(fd);
        }
        changes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return changes;
    }
}
