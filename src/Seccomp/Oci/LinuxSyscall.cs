namespace Berth.Seccomp;

/// <summary>One rule: these syscall names, when every argument condition holds, get this action.</summary>
public sealed record LinuxSyscall
{
    public required IReadOnlyList<string> Names { get; init; }

    /// <summary>An <c>SCMP_ACT_*</c> name; see <see cref="SeccompActions"/>.</summary>
    public required string Action { get; init; }

    /// <summary>The errno for an ERRNO/TRACE action; EPERM when absent.</summary>
    public uint? ErrnoRet { get; init; }

    /// <summary>Conditions on the arguments, all of which must hold (runc's reading of the spec).</summary>
    public IReadOnlyList<LinuxSeccompArg>? Args { get; init; }
}
