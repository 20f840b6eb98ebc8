namespace Berth.Seccomp;

/// <summary>
/// Docker's default seccomp profile, authored here as data: deny with EPERM by default, allow
/// <see cref="DockerDefaultAllowlist"/>, and open further syscalls only to containers whose capabilities
/// already grant the power they carry (mount needs CAP_SYS_ADMIN anyway; without it, seccomp also closes
/// the kernel surface behind it). Mirrors moby's profile as of 2026 (AF_ALG/AF_VSOCK blocked, io_uring blocked).
/// </summary>
internal static class DockerDefaultProfile
{
    const uint EPERM = 1, ENOSYS = 38;

    // socket(2) address families the default profile refuses: kernel crypto sockets and host-guest vsock.
    const ulong AF_ALG = 38, AF_VSOCK = 40;

    // personality(2) personas: plain Linux, uname26 (old version strings), 32-bit Linux, both, and the query.
    const ulong PER_LINUX = 0x0, UNAME26 = 0x0008, PER_LINUX32 = 0x0002_0000, PERSONALITY_QUERY = 0xffff_ffff;

    // clone(2) flags that create namespaces: without CAP_SYS_ADMIN a container may clone only without them.
    const ulong NamespaceFlags = 0x0002_0000 /*NEWNS*/ | 0x0200_0000 /*NEWCGROUP*/ | 0x0400_0000 /*NEWUTS*/
        | 0x0800_0000 /*NEWIPC*/ | 0x1000_0000 /*NEWUSER*/ | 0x2000_0000 /*NEWPID*/ | 0x4000_0000 /*NEWNET*/;

    public static DockerProfile Build() => new()
    {
        DefaultAction = SeccompActions.Errno,
        DefaultErrnoRet = EPERM,
        ArchMap = ArchMap,
        Syscalls =
        [
            Allow([.. DockerDefaultAllowlist.All]),
            // Before 4.8 ptrace could bypass seccomp, so tracing is allowed only from 4.8 on.
            Allow(["process_vm_readv", "process_vm_writev", "ptrace"], includes: new() { MinKernel = "4.8" }),
            .. SocketRules(),
            .. PersonalityRules(),
            .. ArchitectureRules(),
            .. CapabilityRules(),
        ],
    };

    /// <summary>Each host architecture and the 32-bit (or other ABI) programs it also runs.</summary>
    static readonly DockerArchitecture[] ArchMap =
    [
        new() { Architecture = "SCMP_ARCH_X86_64", SubArchitectures = ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
        new() { Architecture = "SCMP_ARCH_AARCH64", SubArchitectures = ["SCMP_ARCH_ARM"] },
        new() { Architecture = "SCMP_ARCH_MIPS64", SubArchitectures = ["SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64N32"] },
        new() { Architecture = "SCMP_ARCH_MIPS64N32", SubArchitectures = ["SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64"] },
        new() { Architecture = "SCMP_ARCH_MIPSEL64", SubArchitectures = ["SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64N32"] },
        new() { Architecture = "SCMP_ARCH_MIPSEL64N32", SubArchitectures = ["SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64"] },
        new() { Architecture = "SCMP_ARCH_S390X", SubArchitectures = ["SCMP_ARCH_S390"] },
        new() { Architecture = "SCMP_ARCH_RISCV64" },
        new() { Architecture = "SCMP_ARCH_LOONGARCH64" },
    ];

    /// <summary>Every family below AF_ALG, the one between AF_ALG and AF_VSOCK, and every one above AF_VSOCK.</summary>
    static IEnumerable<DockerSyscallRule> SocketRules() =>
    [
        Allow(["socket"], args: Argument(0, SeccompOperators.LessThan, AF_ALG)),
        Allow(["socket"], args: Argument(0, SeccompOperators.Equal, AF_ALG + 1)),
        Allow(["socket"], args: Argument(0, SeccompOperators.GreaterThan, AF_VSOCK)),
    ];

    /// <summary>Only harmless personas: others (READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE) weaken protections.</summary>
    static IEnumerable<DockerSyscallRule> PersonalityRules() =>
        new[] { PER_LINUX, UNAME26, PER_LINUX32, PER_LINUX32 | UNAME26, PERSONALITY_QUERY }
            .Select(persona => Allow(["personality"], args: Argument(0, SeccompOperators.Equal, persona)));

    /// <summary>Syscalls that exist on one architecture family only.</summary>
    static IEnumerable<DockerSyscallRule> ArchitectureRules() =>
    [
        Allow(["sync_file_range2", "swapcontext"], includes: OnArches("ppc64le")),
        Allow(["arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush", "set_tls"],
            includes: OnArches("arm", "arm64")),
        Allow(["arch_prctl"], includes: OnArches("amd64", "x32")),
        Allow(["modify_ldt"], includes: OnArches("amd64", "x32", "x86")),
        Allow(["s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr"], includes: OnArches("s390", "s390x")),
        Allow(["riscv_flush_icache"], includes: OnArches("riscv64")),
    ];

    /// <summary>Syscalls opened by the capability that already governs them, and the clone rules without CAP_SYS_ADMIN.</summary>
    static IEnumerable<DockerSyscallRule> CapabilityRules() =>
    [
        Allow(["open_by_handle_at"], includes: WithCapability("CAP_DAC_READ_SEARCH")),
        Allow(
        [
            "bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick", "lookup_dcookie",
            "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr", "mount", "mount_setattr", "move_mount",
            "open_tree", "perf_event_open", "quotactl", "quotactl_fd", "setdomainname", "sethostname", "setns",
            "syslog", "umount", "umount2", "unshare",
        ], includes: WithCapability("CAP_SYS_ADMIN")),
        // Without CAP_SYS_ADMIN, clone only without namespace flags; s390 passes the flags second.
        Allow(["clone"], args: Argument(0, SeccompOperators.MaskedEqual, NamespaceFlags),
            excludes: new() { Caps = ["CAP_SYS_ADMIN"], Arches = ["s390", "s390x"] }),
        Allow(["clone"], args: Argument(1, SeccompOperators.MaskedEqual, NamespaceFlags),
            includes: OnArches("s390", "s390x"), excludes: WithCapability("CAP_SYS_ADMIN")),
        // seccomp cannot look inside clone3's struct, so refuse it with ENOSYS: libc then falls back to clone.
        new() { Names = ["clone3"], Action = SeccompActions.Errno, ErrnoRet = ENOSYS, Excludes = WithCapability("CAP_SYS_ADMIN") },
        Allow(["reboot"], includes: WithCapability("CAP_SYS_BOOT")),
        Allow(["chroot"], includes: WithCapability("CAP_SYS_CHROOT")),
        Allow(["delete_module", "init_module", "finit_module"], includes: WithCapability("CAP_SYS_MODULE")),
        Allow(["acct"], includes: WithCapability("CAP_SYS_PACCT")),
        Allow(["kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"],
            includes: WithCapability("CAP_SYS_PTRACE")),
        Allow(["iopl", "ioperm"], includes: WithCapability("CAP_SYS_RAWIO")),
        Allow(["settimeofday", "stime", "clock_settime", "clock_settime64"], includes: WithCapability("CAP_SYS_TIME")),
        Allow(["vhangup"], includes: WithCapability("CAP_SYS_TTY_CONFIG")),
        Allow(["get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"], includes: WithCapability("CAP_SYS_NICE")),
        Allow(["syslog"], includes: WithCapability("CAP_SYSLOG")),
        Allow(["bpf"], includes: WithCapability("CAP_BPF")),
        Allow(["perf_event_open"], includes: WithCapability("CAP_PERFMON")),
    ];

    static DockerSyscallRule Allow(string[] names, DockerRuleCondition? includes = null,
        DockerRuleCondition? excludes = null, LinuxSeccompArg? args = null) => new()
    {
        Names = names,
        Action = SeccompActions.Allow,
        Args = args is null ? null : [args],
        Includes = includes,
        Excludes = excludes,
    };

    static LinuxSeccompArg Argument(uint index, string op, ulong value) => new() { Index = index, Op = op, Value = value };
    static DockerRuleCondition OnArches(params string[] arches) => new() { Arches = arches };
    static DockerRuleCondition WithCapability(string capability) => new() { Caps = [capability] };
}
