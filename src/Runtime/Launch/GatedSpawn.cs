using Berth.Runtime.Cgroups;
using Berth.Runtime.Spawn;
using Berth.Sys.Interop;

namespace Berth.Runtime.Launch;

/// <summary>
/// How init and exec-init are started: cloned (into the cgroup directly on v2), running at once so
/// that they start up while we move them into their v1 cgroups (milliseconds each), then let through
/// the cgroup gate, and finally awaited on the error pipe until they have exec'd the command.
/// </summary>
static class GatedSpawn
{
    public const int ErrorFd = 3;

    /// <param name="request">The process to spawn; the error pipe (fd 3) and the gate (<paramref name="gateFd"/>) are added here.</param>
    /// <param name="createV1Cgroup">Makes a v1 cgroup while the child starts up, before it is moved in.</param>
    public static ChildProcess Start(SpawnRequest request, ICgroup cgroup, int gateFd, Action<int>? beforeRelease = null, Action? createV1Cgroup = null)
    {
        var (errorRead, errorWrite) = Libc.Pipe();
        var (gateRead, gateWrite) = Libc.Pipe();
        var cgroupFd = cgroup.OpenForClone();
        ChildProcess child;
        try
        {
            child = ProcessSpawner.Spawn(request with { CgroupFd = cgroupFd, Fds = [.. request.Fds, (errorWrite, ErrorFd), (gateRead, gateFd)] });
        }
        catch
        {
            Libc.close(errorRead);
            Libc.close(gateWrite);
            throw;
        }
        finally
        {
            Libc.close(errorWrite);
            Libc.close(gateRead);
            if (cgroupFd >= 0) Libc.close(cgroupFd);
        }
        try
        {
            if (cgroup.Version == CgroupVersion.V1)
            {
                createV1Cgroup?.Invoke();
                cgroup.AddProcess(child.Pid);
            }
            if (beforeRelease is not null)
            {
                beforeRelease(child.Pid);
                Sys.Diagnostics.Timing.Mark("launch: network attached");
            }
            Libc.WriteAll(gateWrite, [1]);
        }
        catch
        {
            child.Kill(Libc.SIGKILL);
            child.Wait();
            Libc.close(errorRead);
            throw;
        }
        finally
        {
            Libc.close(gateWrite);
        }
        Sys.Diagnostics.Timing.Mark("launch: in cgroups");
        InitHandshake.Await(errorRead, child);
        return child;
    }
}
