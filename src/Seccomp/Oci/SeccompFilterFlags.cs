using Berth.Sys.Errors;

namespace Berth.Seccomp;

/// <summary>
/// The runtime-spec <c>flags</c>: they are not part of the BPF program but arguments of seccomp(2)
/// when the filter is loaded, so the runtime passes <see cref="ToLoadFlags"/> to <see cref="SeccompLoader"/>.
/// </summary>
public static class SeccompFilterFlags
{
    public const string Tsync = "SECCOMP_FILTER_FLAG_TSYNC";
    public const string Log = "SECCOMP_FILTER_FLAG_LOG";
    public const string SpecAllow = "SECCOMP_FILTER_FLAG_SPEC_ALLOW";
    public const string WaitKillableRecv = "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV";

    // The kernel's values, from <linux/seccomp.h>.
    const uint FlagLog = 1u << 1, FlagSpecAllow = 1u << 2;

    /// <summary>The seccomp(2) flags for the profile's flag names; throws on a name berth does not know.</summary>
    public static uint ToLoadFlags(LinuxSeccomp profile)
    {
        uint flags = 0;
        foreach (var name in profile.Flags ?? [])
        {
            flags |= name switch
            {
                // The init is the only thread that survives execve, so syncing threads adds nothing (runc agrees).
                Tsync => 0,
                Log => FlagLog,
                SpecAllow => FlagSpecAllow,
                // Only meaningful with a notify listener, which berth does not create.
                WaitKillableRecv => 0,
                _ => throw BerthException.Invalid($"seccomp profile: unknown flag \"{name}\""),
            };
        }
        return flags;
    }
}
