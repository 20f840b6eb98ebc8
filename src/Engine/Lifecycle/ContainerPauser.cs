using Berth.Engine.Containers;
using Berth.Runtime.Cgroups;
using Berth.Sys.Errors;

namespace Berth.Engine.Lifecycle;

/// <summary>`pause`/`unpause`: the freezer cgroup stops every process of the container at once.</summary>
public sealed class ContainerPauser(ContainerStore store)
{
    public void Pause(ContainerRecord record)
    {
        if (!record.State.Running) throw BerthException.Conflict($"Container {record.Id} is not running");
        if (record.State.Paused) throw BerthException.Conflict($"Container {record.Id} is already paused");
        Cgroup(record).Freeze();
        store.Update(record.Id, r => r with { State = r.State with { Paused = true } });
    }

    public void Unpause(ContainerRecord record)
    {
        if (!record.State.Paused) throw BerthException.Conflict($"Container {record.Id} is not paused");
        Cgroup(record).Thaw();
        store.Update(record.Id, r => r with { State = r.State with { Paused = false } });
    }

    ICgroup Cgroup(ContainerRecord record) => CgroupHierarchy.Detect().Open(store.Paths.CgroupPath(record.Id));
}
