using Berth.Engine.Containers;
using Berth.Runtime.Cgroups;
using Berth.Sys.Errors;
using Berth.Sys.Files;
using Berth.Sys.Interop;

namespace Berth.Engine.Lifecycle;

/// <summary>
/// `stop` and `kill`: signal the container's init through a pidfd (immune to pid reuse), escalate to
/// SIGKILL after the timeout, and return only once the monitor has recorded the exit.
/// </summary>
public sealed class ContainerStopper(ContainerStore store)
{
    public const int DefaultTimeoutSeconds = 10;

    /// <summary>Stops a running container; a stopped one is left as it is, as docker does.</summary>
    public void Stop(ContainerRecord record, int? timeoutSeconds)
    {
        if (!record.State.Running && !record.State.Restarting) return;
        MarkStoppedByUser(record.Id);
        if (record.State.Paused) ThawCgroup(record);
        var signal = Signals.Parse(record.Config.StopSignal);
        var timeout = timeoutSeconds ?? record.Config.StopTimeout ?? DefaultTimeoutSeconds;
        using var pidfd = OpenPidfd(record);
        if (pidfd is not null && timeout != 0) Libc.PidfdSendSignal(pidfd.Fd, signal);
        if (pidfd is null || timeout == 0 || !pidfd.WaitExit(timeout < 0 ? -1 : timeout * 1000))
            KillCgroup(record);
        AwaitMonitor(record.Id);
    }

    public void Kill(ContainerRecord record, int signal)
    {
        if (!record.State.Running) throw BerthException.Conflict($"Cannot kill container: {record.ShortName}: Container {record.Id} is not running");
        if (signal is Libc.SIGKILL or Libc.SIGTERM or Libc.SIGINT or Libc.SIGQUIT) MarkStoppedByUser(record.Id);
        using var pidfd = OpenPidfd(record) ?? throw BerthException.Conflict($"Container {record.Id} is not running");
        if (Libc.PidfdSendSignal(pidfd.Fd, signal) < 0) throw new SystemCallException($"kill container {record.ShortName} with signal {signal}", Libc.LastErrno);
        if (signal == Libc.SIGKILL)
        {
            pidfd.WaitExit(5000);
            AwaitMonitor(record.Id);
        }
    }

    /// <summary>For rm -f: no grace period, everything in the cgroup dies.</summary>
    public void ForceStop(ContainerRecord record)
    {
        if (!record.State.Running && !record.State.Restarting && !record.State.Paused) return;
        MarkStoppedByUser(record.Id);
        KillCgroup(record);
        AwaitMonitor(record.Id);
    }

    void MarkStoppedByUser(string id) => store.Update(id, r => r with { Berth = r.Berth with { StoppedByUser = true } });

    void KillCgroup(ContainerRecord record)
    {
        var cgroup = CgroupHierarchy.Detect().Open(store.Paths.CgroupPath(record.Id));
        try
        {
            cgroup.KillAll();
        }
        catch (Exception e) when (e is BerthException or IOException && !cgroup.Exists)
        {
            // The monitor, seeing its container exit, removed the cgroup as we were killing it: nothing is left to kill.
        }
        if (record.State.Pid > 0) Libc.kill(record.State.Pid, Libc.SIGKILL);
    }

    void ThawCgroup(ContainerRecord record)
    {
        var cgroup = CgroupHierarchy.Detect().Open(store.Paths.CgroupPath(record.Id));
        if (cgroup.Exists) cgroup.Thaw();
        store.Update(record.Id, r => r with { State = r.State with { Paused = false } });
    }

    /// <summary>The monitor releases its lock as it exits, after recording the exit.</summary>
    void AwaitMonitor(string id)
    {
        var path = store.Paths.MonitorLock(id);
        if (!File.Exists(path)) return;
        using var _ = FileLock.Acquire(path, exclusive: false);
    }

    PidHandle? OpenPidfd(ContainerRecord record)
    {
        if (record.State.Pid <= 0) return null;
        var fd = Libc.PidfdOpen(record.State.Pid);
        if (fd < 0) return null;
        // The pid could have been reused between our read of the record and pidfd_open: check it still is ours.
        var current = store.TryLoad(record.Id);
        if (current is null || current.State.Pid != record.State.Pid || !current.State.Running)
        {
            Libc.close(fd);
            return null;
        }
        return new PidHandle(fd);
    }

    sealed unsafe class PidHandle(int fd) : IDisposable
    {
        public int Fd => fd;

        public bool WaitExit(int timeoutMs)
        {
            var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
            var deadline = timeoutMs < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMs;
            while (true)
            {
                var left = timeoutMs < 0 ? -1 : (int)Math.Max(0, deadline - Environment.TickCount64);
                var rc = Libc.poll(&poll, 1, left);
                if (rc > 0) return true;
                if (rc == 0) return false;
            }
        }

        public void Dispose() => Libc.close(fd);
    }
}
