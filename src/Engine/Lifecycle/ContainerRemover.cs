using Berth.Engine.Containers;
using Berth.Sys.Errors;

namespace Berth.Engine.Lifecycle;

/// <summary>`rm`: refuses a running container unless forced; -v also removes its anonymous volumes.</summary>
public sealed class ContainerRemover(ContainerStore store)
{
    public void Remove(ContainerRecord record, bool force, bool volumes)
    {
        using var removing = store.LifecycleLock(record.Id);
        record = store.TryLoad(record.Id) ?? throw BerthException.NotFound($"No such container: {record.ShortName}");
        if ((record.State.Running || record.State.Restarting || record.State.Paused) && !force)
        {
            var what = record.State.Paused ? "paused" : "running";
            throw BerthException.Conflict($"cannot remove container \"{record.Name}\": container is {what}: stop the container before removing or force remove");
        }
        if (force) new ContainerStopper(store).ForceStop(record);
        Remover.RemoveFiles(store, store.TryLoad(record.Id) ?? record, volumes);
    }
}
