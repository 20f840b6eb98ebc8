using Berth.Sys.Errors;

namespace Berth.Runtime.Security;

/// <summary>Linux capability names and bits, and docker's default set.</summary>
public static class Capabilities
{
    static readonly string[] Names =
    [
        "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
        "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
        "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
        "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
        "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
        "CHECKPOINT_RESTORE",
    ];

    /// <summary>Docker's default set: CapEff 00000000a80425fb for root in the container.</summary>
    public static readonly IReadOnlyList<string> DockerDefault =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    public static int Last => Names.Length - 1;

    /// <summary>"net_admin", "NET_ADMIN" and "CAP_NET_ADMIN" all name the same capability.</summary>
    public static string Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (upper == "ALL") return upper;
        var bare = upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper;
        if (Array.IndexOf(Names, bare) < 0) throw BerthException.Invalid($"unknown capability: \"{name}\"");
        return "CAP_" + bare;
    }

    public static bool TryBit(string name, out int bit)
    {
        var bare = name.StartsWith("CAP_", StringComparison.Ordinal) ? name[4..] : name;
        bit = Array.IndexOf(Names, bare);
        return bit >= 0;
    }

    public static ulong Mask(IEnumerable<string>? names)
    {
        ulong mask = 0;
        foreach (var name in names ?? [])
            if (TryBit(name, out var bit)) mask |= 1UL << bit;
        return mask;
    }

    public static IEnumerable<string> All => Names.Select(n => "CAP_" + n);

    /// <summary>The capabilities this host's bounding set still holds: what --privileged can grant.</summary>
    public static IReadOnlyList<string> HostBounding()
    {
        var mask = ReadStatusMask("CapBnd");
        return Names.Select((n, bit) => (n, bit)).Where(x => (mask & (1UL << x.bit)) != 0).Select(x => "CAP_" + x.n).ToList();
    }

    static ulong ReadStatusMask(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return Convert.ToUInt64(line[(field.Length + 1)..].Trim(), 16);
        return ulong.MaxValue;
    }
}
