using Berth.Runtime.Cgroups;
using Berth.Runtime.Spawn;
using Berth.Sys.Interop;

namespace Berth.Runtime.Launch;

/// <summary>
/// An init cloned before its container is known, so that its start-up (a NativeAOT runtime, ~3 ms)
/// overlaps the CLI's creation of the container instead of following it. It waits on its gate for
/// the bundle (`berth init -`); <see cref="ContainerLauncher"/> adopts it if the container turns out
/// to want the namespaces it was cloned with, and otherwise kills it. cgroup v1 only: on v2 a child
/// is cloned straight into its container's cgroup, which does not exist yet.
/// </summary>
public sealed class PrespawnedInit : IDisposable
{
    GatedChild? _child;

    PrespawnedInit(GatedChild child, ulong cloneFlags)
    {
        _child = child;
        CloneFlags = cloneFlags;
    }

    public ulong CloneFlags { get; }

    public static PrespawnedInit? TrySpawn(ulong cloneFlags, StdioFds stdio)
    {
        if (CgroupHierarchy.Detect().Version != CgroupVersion.V1) return null;
        var child = GatedSpawn.Clone(ContainerLauncher.InitRequest(["berth", "init", "-"], cloneFlags, stdio), cgroupFd: -1, Init.CgroupGate.InitFd);
        return new PrespawnedInit(child, cloneFlags);
    }

    internal GatedChild Adopt()
    {
        var child = _child ?? throw new InvalidOperationException("the prespawned init was already adopted");
        _child = null;
        return child;
    }

    /// <summary>What the gate tells a prespawned init: its bundle and seccomp program, a line each.</summary>
    internal static byte[] Assignment(string bundle, string? seccompBpf) =>
        System.Text.Encoding.UTF8.GetBytes($"{bundle}\n{seccompBpf}\n");

    public void Dispose()
    {
        _child?.Abort();
        _child = null;
    }
}
