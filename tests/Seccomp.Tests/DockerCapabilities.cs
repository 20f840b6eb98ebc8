namespace Berth.Seccomp.Tests;

/// <summary>Capability sets the tests resolve profiles for.</summary>
static class DockerCapabilities
{
    /// <summary>Docker's default set (CapEff 00000000a80425fb).</summary>
    public static readonly IReadOnlySet<string> Default = new HashSet<string>
    {
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    };

    public static IReadOnlySet<string> DefaultPlus(params string[] more) => Default.Concat(more).ToHashSet();
}
