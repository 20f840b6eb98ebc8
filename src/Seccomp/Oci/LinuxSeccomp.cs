namespace Berth.Seccomp;

/// <summary>
/// The runtime-spec <c>linux.seccomp</c> object of a container's config.json: what the runtime compiles to BPF.
/// Lists are in profile order; the order of rules matters to libseccomp only for equal-priority ties.
/// </summary>
public sealed record LinuxSeccomp
{
    /// <summary>The action for any syscall no rule matches, e.g. <c>SCMP_ACT_ERRNO</c>.</summary>
    public required string DefaultAction { get; init; }

    /// <summary>The errno returned by a default ERRNO/TRACE action; EPERM when absent.</summary>
    public uint? DefaultErrnoRet { get; init; }

    /// <summary><c>SCMP_ARCH_*</c> names the filter accepts besides the native one; others get killed.</summary>
    public IReadOnlyList<string>? Architectures { get; init; }

    /// <summary><c>SECCOMP_FILTER_FLAG_*</c> names, applied when the filter is loaded.</summary>
    public IReadOnlyList<string>? Flags { get; init; }

    /// <summary>Where a seccomp agent listens for SCMP_ACT_NOTIFY; berth does not support notify yet.</summary>
    public string? ListenerPath { get; init; }

    public string? ListenerMetadata { get; init; }

    public IReadOnlyList<LinuxSyscall>? Syscalls { get; init; }
}
