using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Seccomp;

/// <summary>
/// Installs a compiled filter on the calling thread; it is kept across execve and inherited by children.
/// Meant for the container's init just before exec: it uses only libc (no libseccomp, nothing loaded by
/// path), so it works after pivot_root. The filter governs the init's own remaining calls too, so load it
/// as late as possible.
/// </summary>
public static class SeccompLoader
{
    /// <param name="bpf">A program from <see cref="SeccompCompiler"/> or <see cref="CompiledProfileCache"/>.</param>
    /// <param name="noNewPrivileges">
    /// Sets no_new_privs first (the container's <c>--security-opt no-new-privileges</c>). Without it the kernel
    /// demands CAP_SYS_ADMIN, so load before dropping capabilities.
    /// </param>
    /// <param name="flags">seccomp(2) flags, from <see cref="SeccompFilterFlags.ToLoadFlags"/>.</param>
    public static unsafe void Load(ReadOnlySpan<byte> bpf, bool noNewPrivileges, uint flags = 0)
    {
        if (bpf.Length == 0 || bpf.Length % 8 != 0 || bpf.Length / 8 > SeccompCompiler.MaxInstructions)
            throw BerthException.Invalid($"seccomp: a BPF program of {bpf.Length} bytes is not 1 to {SeccompCompiler.MaxInstructions} instructions of 8 bytes");
        if (noNewPrivileges)
            Libc.Check(Libc.prctl(Libc.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl PR_SET_NO_NEW_PRIVS");
        fixed (byte* instructions = bpf)
        {
            var program = new Libc.SockFprog { Length = (ushort)(bpf.Length / 8), Filter = instructions };
            Libc.Check(Libc.SeccompSetModeFilter(&program, flags), "seccomp SET_MODE_FILTER");
        }
    }
}
