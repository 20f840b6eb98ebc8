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
    public static ChildProcess Start(SpawnRequest request, ICgroup cgroup, int gateFd, Action<int>? beforeRelease = null, Action? createV1Cgroup = null) =>
        Clone(request, cgroup.OpenForClone(), gateFd).Release(cgroup, createV1Cgroup, beforeRelease, [1]);

    /// <param name="cgroupFd">A v2 cgroup to clone into (closed here), or -1.</param>
    public static GatedChild Clone(SpawnRequest request, int cgroupFd, int gateFd)
    {
        var (errorRead, errorWrite) = Libc.Pipe();
        var (gateRead, gateWrite) = Libc.Pipe();
        try
        {
            var child = ProcessSpawner.Spawn(request with { CgroupFd = cgroupFd, Fds = [.. request.Fds, (errorWrite, ErrorFd), (gateRead, gateFd)] });
            return new GatedChild(child, errorRead, gateWrite);
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
    }
}

/// <summary>A child waiting at its gate: our ends of its error pipe and of its gate.</summary>
sealed class GatedChild(ChildProcess process, int errorRead, int gateWrite)
{
    public ChildProcess Process => process;

    /// <summary>
    /// Places the child in its cgroup, lets the caller plug it in (network), opens the gate with
    /// <paramref name="gateMessage"/>, and waits until it has exec'd its command.
    /// </summary>
    public ChildProcess Release(ICgroup cgroup, Action? createV1Cgroup, Action<int>? beforeRelease, ReadOnlySpan<byte> gateMessage)
    {
        try
        {
            if (cgroup.Version == CgroupVersion.V1)
            {
                createV1Cgroup?.Invoke();
                cgroup.AddProcess(process.Pid);
            }
            if (beforeRelease is not null)
            {
                beforeRelease(process.Pid);
                Sys.Diagnostics.Timing.Mark("launch: network attached");
            }
            Libc.WriteAll(gateWrite, gateMessage);
        }
        catch
        {
            Abort();
            throw;
        }
        finally
        {
            CloseGate();
        }
        Sys.Diagnostics.Timing.Mark("launch: in cgroups");
        InitHandshake.Await(errorRead, process);
        return process;
    }

    /// <summary>Never released: the child is killed and reaped.</summary>
    public void Abort()
    {
        CloseGate();
        process.Kill(Libc.SIGKILL);
        process.Wait();
        process.Dispose();
        if (errorRead >= 0) Libc.close(errorRead);
        errorRead = -1;
    }

    void CloseGate()
    {
        if (gateWrite >= 0) Libc.close(gateWrite);
        gateWrite = -1;
    }
}
