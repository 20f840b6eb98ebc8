using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Spawn;

/// <summary>
/// Creates processes through the C shim. The child runs at once: a parent with setup to do (cgroups,
/// network) holds the child on a gate of its own, which berth init waits on (see GatedSpawn).
/// </summary>
public static unsafe class ProcessSpawner
{
    public static ChildProcess Spawn(SpawnRequest request)
    {
        using var argv = new NativeStringArray(request.Arguments);
        using var envp = new NativeStringArray(request.Environment);
        var path = NativeStringArray.Utf8(request.Path);
        var map = stackalloc int[request.Fds.Count * 2 + 1];
        for (var i = 0; i < request.Fds.Count; i++)
        {
            map[2 * i] = request.Fds[i].Source;
            map[2 * i + 1] = request.Fds[i].Target;
        }
        var native = new NativeSpawn.Request
        {
            Path = path,
            ExecFd = -1,
            Argv = argv.Pointer,
            Envp = envp.Pointer,
            CloneFlags = request.CloneFlags,
            CgroupFd = request.CgroupFd,
            FdMap = map,
            FdMapLength = request.Fds.Count,
            PidNamespaceFd = request.PidNamespaceFd,
            NewSession = request.NewSession ? 1 : 0,
            ParentDeathSignal = request.ParentDeathSignal,
        };
        try
        {
            int pidfd = -1;
            var pid = NativeSpawn.berth_spawn(&native, &pidfd);
            if (pid < 0) throw new SystemCallException($"clone {request.Arguments.ElementAtOrDefault(1) ?? request.Path}", -pid);
            return new ChildProcess(pid, pidfd);
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(path);
        }
    }

    /// <summary>The bytes of the static berth-init reaper linked into this binary.</summary>
    public static ReadOnlySpan<byte> ReaperImage()
    {
        long length;
        var p = NativeSpawn.berth_reaper_image(&length);
        return new ReadOnlySpan<byte>(p, (int)length);
    }

    /// <summary>Keeps the nsenter constructor linked (see native/nsenter.c).</summary>
    public static bool NsenterLinked() => NativeSpawn.berth_nsenter_linked() == 1;
}
