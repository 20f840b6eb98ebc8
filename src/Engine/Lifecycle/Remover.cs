using Berth.Engine.Containers;
using Berth.Engine.Volumes;
using Berth.Images.Snapshots;

namespace Berth.Engine;

/// <summary>Deletes everything a container owns: its directories, name, cgroup and, if asked, anonymous volumes.</summary>
public static class Remover
{
    public const string TrashPrefix = ".del-";

    public static void RemoveFiles(ContainerStore store, ContainerRecord record, bool removeAnonymousVolumes = false)
    {
        var trash = Detach(store, record, removeAnonymousVolumes);
        if (trash is not null) LayerStore.RemoveTree(trash);
    }

    /// <summary>
    /// Makes the container disappear at once: its directory is renamed out of the listing and its name
    /// released. Returns the renamed directory, whose deletion (slow for a big writable layer) can wait.
    /// A crash before that deletion leaves only a ".del-" directory, which `system prune` removes.
    /// </summary>
    public static string? Detach(ContainerStore store, ContainerRecord record, bool removeAnonymousVolumes)
    {
        var paths = store.Paths;
        store.StopLeftovers(record.Id);
        string? trash = null;
        var dir = paths.ContainerDir(record.Id);
        if (Directory.Exists(dir))
        {
            trash = Path.Combine(paths.Containers, TrashPrefix + record.Id);
            try { Directory.Move(dir, trash); }
            catch (IOException) { trash = dir; }
        }
        store.Names.Release(record.ShortName, record.Id);
        if (removeAnonymousVolumes)
        {
            var volumes = new VolumeStore(paths);
            foreach (var mount in record.Mounts.Where(m => m.Type == "volume" && m.Name is not null))
                if (volumes.TryGet(mount.Name!) is { IsAnonymous: true }) volumes.Remove(mount.Name!);
        }
        return trash;
    }

    /// <summary>Deletes what crashed removals left behind.</summary>
    public static void DeleteAbandonedTrash(BerthPaths paths)
    {
        if (!Directory.Exists(paths.Containers)) return;
        foreach (var dir in Directory.EnumerateDirectories(paths.Containers, TrashPrefix + "*")) LayerStore.RemoveTree(dir);
    }
}
