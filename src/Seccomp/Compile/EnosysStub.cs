namespace Berth.Seccomp;

/// <summary>
/// BPF sections placed before libseccomp's program so that a syscall newer than every syscall the profile
/// names fails with ENOSYS instead of the default EPERM. libc treats ENOSYS as "kernel too old" and falls
/// back (fchmodat2 to fchmodat, clone3 to clone); EPERM would make it fail. runc does the same, so
/// containers behave as under docker. Syscalls inside the profile's range keep the default action.
/// </summary>
internal static class EnosysStub
{
    const uint SyscallNumberOffset = 0, ArchitectureOffset = 4; // in struct seccomp_data
    const uint ReturnEnosys = Libseccomp.ActErrnoBase | 38;

    /// <summary>x32 programs run under AUDIT_ARCH_X86_64 with this bit set in the syscall number.</summary>
    const uint X32SyscallBit = 0x4000_0000;

    const uint AuditArchX86_64 = 0xC000_003E;

    /// <summary>libseccomp's token for x32 is not an AUDIT_ARCH value; the kernel reports x86_64.</summary>
    const uint ScmpArchX32 = 0x4000_003E;

    /// <summary>
    /// libseccomp tokens that equal the kernel's AUDIT_ARCH and need no multiplexing care. Others (s390's
    /// syscall 0 multiplexer, MIPS) get no stub: they keep the default action for new syscalls.
    /// </summary>
    static readonly HashSet<uint> Supported =
    [
        AuditArchX86_64, ScmpArchX32, 0x4000_0003 /*x86*/, 0xC000_00B7 /*aarch64*/, 0x4000_0028 /*arm*/,
        0xC000_00F3 /*riscv64*/, 0xC000_0015 /*ppc64le*/,
    ];

    /// <summary>The stub's instructions for these libseccomp architecture tokens, given the names the profile uses.</summary>
    public static List<SockFilter> Build(IEnumerable<uint> architectureTokens, IReadOnlyCollection<string> syscallNames)
    {
        var program = new List<SockFilter>();
        foreach (var token in architectureTokens.Distinct().Where(Supported.Contains))
        {
            var highest = syscallNames
                .Select(name => Libseccomp.seccomp_syscall_resolve_name_arch(token, name))
                .Where(number => number >= 0)
                .DefaultIfEmpty(-1)
                .Max();
            if (highest >= 0) program.AddRange(Section(token, (uint)highest));
        }
        return program;
    }

    /// <summary>
    /// One architecture's check, self-contained: on another architecture (or the other x86_64 ABI) it falls
    /// through to the next section; there, a number above <paramref name="highest"/> returns ENOSYS.
    /// </summary>
    static List<SockFilter> Section(uint token, uint highest)
    {
        var auditArch = token == ScmpArchX32 ? AuditArchX86_64 : token;
        var abiCheck = auditArch == AuditArchX86_64 ? 1 : 0;
        const int length = 5;
        var section = new List<SockFilter>
        {
            SockFilter.Load(ArchitectureOffset),
            SockFilter.JumpEqual(auditArch, 0, (byte)(length + abiCheck - 2)),
            SockFilter.Load(SyscallNumberOffset),
        };
        if (token == AuditArchX86_64) section.Add(SockFilter.JumpBitsSet(X32SyscallBit, 2, 0));
        else if (token == ScmpArchX32) section.Add(SockFilter.JumpBitsSet(X32SyscallBit, 0, 2));
        section.Add(SockFilter.JumpGreater(highest, 0, 1));
        section.Add(SockFilter.Return(ReturnEnosys));
        return section;
    }
}
