using Berth.Engine.Containers;
using Berth.Sys.Files;

namespace Berth.Engine.Lifecycle;

/// <summary>
/// `wait`: blocks until the container is not running, then gives its exit code. As in docker, an
/// exit that the restart policy answers with a new run counts: the container is "restarting" (not
/// running) until then, and its record holds that exit's code.
/// </summary>
public sealed class ContainerWaiter(ContainerStore store)
{
    public int Wait(ContainerRecord record)
    {
        var current = record;
        while (current.State.Running)
        {
            // The monitor holds this lock for life; it is free again once the container has exited for good.
            var lockPath = store.Paths.MonitorLock(current.Id);
            if (File.Exists(lockPath) && current.HostConfig.RestartPolicy.Name is "no" or "")
            {
                using var _ = FileLock.Acquire(lockPath, exclusive: false);
            }
            // With a restart policy the monitor lives on: watch for the exit instead. Should a restart be
            // missed (the next run already started), the wait ends with that next run's exit, never with a
            // running container's zero.
            else Thread.Sleep(20);
            current = store.TryLoad(current.Id) ?? current with { State = current.State with { Running = false } };
        }
        return current.State.ExitCode;
    }
}
