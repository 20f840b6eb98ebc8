using Berth.Runtime.Cgroups;
using Berth.Runtime.Spawn;
using Berth.Runtime.Spec;
using Berth.Sys.Interop;

namespace Berth.Runtime.Launch;

/// <summary>A started container: its init process (PID 1 inside) and its cgroup.</summary>
public sealed record LaunchedContainer(ChildProcess Process, ICgroup Cgroup);

/// <summary>
/// Starts a bundle: clone into new namespaces (running `berth init`), place the child in its
/// cgroup while it waits at the cgroup gate, open the gate, and wait until it has exec'd the command.
/// </summary>
public static class ContainerLauncher
{
    /// <param name="beforeRelease">Runs with the child's pid while it waits at the gate: the window to plug in its network.</param>
    /// <param name="prespawned">An init already cloned, adopted if it has the namespaces this spec wants (and disposed otherwise).</param>
    public static LaunchedContainer Launch(string bundle, OciSpec spec, StdioFds stdio, string? seccompBpf, Action<int>? beforeRelease = null, PrespawnedInit? prespawned = null)
    {
        var cgroup = CgroupHierarchy.Detect().Open(spec.Linux?.CgroupsPath ?? throw Sys.Errors.BerthException.Invalid("config.json has no cgroupsPath"));
        // v2 clones the child straight into its cgroup, which must exist first; a v1 cgroup is made
        // while the child starts up, off the critical path.
        void Create()
        {
            cgroup.Create(spec.Linux.Resources);
            Sys.Diagnostics.Timing.Mark("launch: cgroup created");
        }
        var flags = CloneFlags(spec);
        var adopted = prespawned is not null && prespawned.CloneFlags == flags && cgroup.Version == CgroupVersion.V1 ? prespawned.Adopt() : null;
        prespawned?.Dispose();
        if (cgroup.Version == CgroupVersion.V2) Create();
        try
        {
            var process = adopted is not null
                ? adopted.Release(cgroup, Create, beforeRelease, PrespawnedInit.Assignment(bundle, seccompBpf))
                : GatedSpawn.Start(InitRequest(seccompBpf is null ? ["berth", "init", bundle] : ["berth", "init", bundle, seccompBpf], flags, stdio),
                    cgroup, Init.CgroupGate.InitFd, beforeRelease, Create);
            return new LaunchedContainer(process, cgroup);
        }
        catch
        {
            cgroup.KillAll();
            cgroup.Destroy();
            throw;
        }
    }

    internal static SpawnRequest InitRequest(IReadOnlyList<string> arguments, ulong cloneFlags, StdioFds stdio) => new()
    {
        Arguments = arguments,
        CloneFlags = cloneFlags,
        Environment = Sys.Diagnostics.Timing.Enabled ? [$"BERTH_TIMING={Environment.GetEnvironmentVariable("BERTH_TIMING")}"] : [],
        Fds = [.. stdio.Map()],
        // If the monitor dies, so does the container (best effort: a uid change clears it).
        ParentDeathSignal = Libc.SIGKILL,
    };

    public static ulong CloneFlags(OciSpec spec)
    {
        ulong flags = 0;
        foreach (var ns in spec.Linux?.Namespaces ?? [])
        {
            if (ns.Path is not null) continue;
            flags |= ns.Type switch
            {
                "mount" => Libc.CLONE_NEWNS,
                "pid" => Libc.CLONE_NEWPID,
                "network" => Libc.CLONE_NEWNET,
                "ipc" => Libc.CLONE_NEWIPC,
                "uts" => Libc.CLONE_NEWUTS,
                _ => 0, // cgroup: init unshares it after joining its cgroups
            };
        }
        return flags;
    }
}
