using System.Runtime.InteropServices;

namespace Berth.Seccomp;

/// <summary>
/// libseccomp, as runc and crun use it. The shipped binary links it statically (DirectPInvoke "libseccomp");
/// JIT-run tests load Debian's libseccomp.so. Only the parent process calls it: never the container's init.
/// Functions return 0 or a negative errno; they do not set errno.
/// </summary>
internal static unsafe partial class Libseccomp
{
    const string Lib = "libseccomp";

    public const uint ActKillProcess = 0x8000_0000, ActKillThread = 0x0000_0000, ActTrap = 0x0003_0000,
        ActErrnoBase = 0x0005_0000, ActTraceBase = 0x7ff0_0000, ActLog = 0x7ffc_0000, ActAllow = 0x7fff_0000;

    public const int AttrBadArchAction = 2, AttrNoNewPrivs = 3, AttrOptimize = 8;

    /// <summary>seccomp_syscall_resolve_name's "no such syscall"; other negative numbers are pseudo-syscalls.</summary>
    public const int ResolveError = -1;

    public const uint ArchNative = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct ArgumentComparison
    {
        public uint Argument;
        public int Operator;
        public ulong DatumA;
        public ulong DatumB;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct LibraryVersion { public uint Major, Minor, Micro; }

    [LibraryImport(Lib)] public static partial nint seccomp_init(uint defaultAction);
    [LibraryImport(Lib)] public static partial void seccomp_release(nint context);
    [LibraryImport(Lib)] public static partial int seccomp_arch_add(nint context, uint archToken);
    [LibraryImport(Lib)] public static partial uint seccomp_arch_native();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint seccomp_arch_resolve_name(string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int seccomp_syscall_resolve_name(string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int seccomp_syscall_resolve_name_arch(uint archToken, string name);
    [LibraryImport(Lib)] public static partial int seccomp_attr_set(nint context, int attribute, uint value);
    [LibraryImport(Lib)]
    public static partial int seccomp_rule_add_array(nint context, uint action, int syscall, uint count, ArgumentComparison* args);
    [LibraryImport(Lib)] public static partial int seccomp_export_bpf(nint context, int fd);
    [LibraryImport(Lib)] public static partial LibraryVersion* seccomp_version();

    public static string Version
    {
        get
        {
            var v = seccomp_version();
            return v is null ? "unknown" : $"{v->Major}.{v->Minor}.{v->Micro}";
        }
    }
}
