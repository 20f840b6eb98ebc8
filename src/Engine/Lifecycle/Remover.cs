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
        var volumes = removeAnonymousVolumes ? record.Mounts.Where(m => m.Type == "volume" && m.Name is not null).Select(m => m.Name!) : [];
        DeleteTrash(Detach(store, record.Id, record.ShortName, volumes));
    }

    public static void DeleteTrash(IEnumerable<string> trash)
    {
        foreach (var dir in trash) LayerStore.RemoveTree(dir);
    }

    /// <summary>
    /// Makes the container disappear at once: its directory is renamed out of the listing and its name
    /// released. Returns the renamed directory, whose deletion (slow for a big writable layer) can wait.
    /// A crash before that deletion leaves only a ".del-" directory, which `system prune` removes.
    /// </summary>
    /// <param name="volumeNames">The container's volumes: the anonymous ones among them are removed with it.</param>
    /// <returns>Directories renamed out of sight, to delete when nobody waits on it.</returns>
    public static List<string> Detach(ContainerStore store, string id, string name, IEnumerable<string> volumeNames)
    {
        var paths = store.Paths;
        var trash = new List<string>();
        if (store.DetachRunDirectory(id) is { } run) trash.Add(run);
        var dir = paths.ContainerDir(id);
        if (Directory.Exists(dir))
        {
            var renamed = Path.Combine(paths.Containers, TrashPrefix + id);
            try { Directory.Move(dir, renamed); }
            catch (IOException) { renamed = dir; }
            trash.Add(renamed);
        }
        store.Names.Release(name, id);
        var volumes = new VolumeStore(paths);
        foreach (var volume in volumeNames)
            if (volumes.TryGet(volume) is { IsAnonymous: true }) volumes.Remove(volume);
        return trash;
    }

    /// <summary>
    /// Deletes what crashes left behind: directories a removal renamed away, and directories of creates
    /// killed before they wrote a record (old enough that no create can still be filling them in).
    /// </summary>
    public static void DeleteAbandonedTrash(BerthPaths paths)
    {
        if (!Directory.Exists(paths.Containers)) return;
        foreach (var dir in Directory.EnumerateDirectories(paths.Containers, TrashPrefix + "*")) LayerStore.RemoveTree(dir);
        foreach (var dir in Directory.EnumerateDirectories(paths.Containers))
        {
            var unfinished = !File.Exists(Path.Combine(dir, "container.json"))
                             && DateTime.UtcNow - Directory.GetCreationTimeUtc(dir) > TimeSpan.FromMinutes(1);
            if (unfinished) LayerStore.RemoveTree(dir);
        }
    }
}
