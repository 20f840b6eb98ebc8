namespace Berth.Runtime.Spec;

/// <summary>berth's own annotations in config.json; other runtimes ignore them.</summary>
public static class Annotations
{
    /// <summary>
    /// Overlay options for the rootfs, mounted by init inside the container's mount namespace,
    /// so that no rootfs mount exists in the host's namespace to leak when a container dies.
    /// </summary>
    public const string RootfsOverlay = "org.berth.rootfs.overlay";
    /// <summary>The directory relative lowerdirs are relative to: short names keep options under a page.</summary>
    public const string RootfsOverlayBase = "org.berth.rootfs.overlay.base";
    /// <summary>The compiled seccomp program (BPF) for init to load, compiled in the host before start.</summary>
    public const string SeccompProgram = "org.berth.seccomp.program";
    /// <summary>Run berth-init as PID 1 in front of the command (docker's --init).</summary>
    public const string Init = "org.berth.init";
}
