using Berth.Engine.Containers;
using Berth.Engine.Volumes;
using Berth.Images.Snapshots;

namespace Berth.Engine;

/// <summary>Deletes everything a container owns: its directories, name, cgroup and, if asked, anonymous volumes.</summary>
public static class Remover
{
    public static void RemoveFiles(ContainerStore store, ContainerRecord record, bool removeAnonymousVolumes = false)
    {
        var paths = store.Paths;
        store.StopLeftovers(record.Id);
        var dir = paths.ContainerDir(record.Id);
        if (Directory.Exists(dir))
        {
            // Rename first: a half-deleted container must not be listed, and a crash mid-way leaves only a .del- dir.
            var doomed = Path.Combine(paths.Containers, $".del-{record.Id}");
            try { Directory.Move(dir, doomed); }
            catch (IOException) { doomed = dir; }
            LayerStore.RemoveTree(doomed);
        }
        store.Names.Release(record.ShortName, record.Id);
        if (!removeAnonymousVolumes) return;
        var volumes = new VolumeStore(paths);
        foreach (var mount in record.Mounts.Where(m => m.Type == "volume" && m.Name is not null))
            if (volumes.TryGet(mount.Name!) is { IsAnonymous: true }) volumes.Remove(mount.Name!);
    }
}
