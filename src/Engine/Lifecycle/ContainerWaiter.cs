using Berth.Engine.Containers;
using Berth.Sys.Files;

namespace Berth.Engine.Lifecycle;

/// <summary>`wait`: blocks until the container is not running, then gives its exit code.</summary>
public sealed class ContainerWaiter(ContainerStore store)
{
    public int Wait(ContainerRecord record)
    {
        var current = record;
        while (current.State.Running || current.State.Restarting)
        {
            var startedAt = current.State.StartedAt;
            // The monitor holds this lock for life; it is free again once the container has exited for good.
            var lockPath = store.Paths.MonitorLock(current.Id);
            if (File.Exists(lockPath) && current.HostConfig.RestartPolicy.Name is "no" or "")
            {
                using var _ = FileLock.Acquire(lockPath, exclusive: false);
            }
            else Thread.Sleep(50);
            current = store.TryLoad(current.Id) ?? current with { State = current.State with { Running = false } };
            if (current.State.StartedAt != startedAt && current.State.Running) break;
        }
        return current.State.ExitCode;
    }
}
