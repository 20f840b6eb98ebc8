using System.Runtime.InteropServices;

namespace Berth.Sys.Interop;

/// <summary>
/// Loading a seccomp BPF filter with the raw seccomp(2) syscall. Only libc is involved (bound at link time),
/// so this works in the container's init after pivot_root, when no library can be loaded by path.
/// </summary>
public static unsafe partial class Libc
{
    public const uint SECCOMP_SET_MODE_FILTER = 1;
    public const uint SECCOMP_FILTER_FLAG_TSYNC = 1, SECCOMP_FILTER_FLAG_LOG = 2, SECCOMP_FILTER_FLAG_SPEC_ALLOW = 4;
    public const int PR_GET_SECCOMP = 21, PR_GET_NO_NEW_PRIVS = 39;

    /// <summary><c>struct sock_fprog</c>: the instruction count and a pointer to the 8-byte instructions.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockFprog
    {
        public ushort Length;
        public void* Filter;
    }

    /// <summary>seccomp(2)'s number differs by architecture, unlike the constants above.</summary>
    static long SeccompSyscallNumber => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 317,
        Architecture.Arm64 or Architecture.RiscV64 or Architecture.LoongArch64 => 277,
        Architecture.S390x => 348,
        Architecture.Ppc64le => 358,
        Architecture.X86 => 354,
        Architecture.Arm => 383,
        var other => throw new PlatformNotSupportedException($"seccomp(2) on {other}"),
    };

    /// <summary>seccomp(SECCOMP_SET_MODE_FILTER, flags, program); -1 and errno on failure.</summary>
    public static int SeccompSetModeFilter(SockFprog* program, uint flags) =>
        (int)syscall(SeccompSyscallNumber, SECCOMP_SET_MODE_FILTER, flags, (long)program, 0, 0);
}
