using System.Runtime.InteropServices;

namespace Berth.Sys.Interop;

public static unsafe partial class Libc
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGPIPE = 13, SIGALRM = 14,
        SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGWINCH = 28;
    public const int WNOHANG = 1;
    public const int PR_SET_PDEATHSIG = 1, PR_SET_DUMPABLE = 4, PR_SET_KEEPCAPS = 8, PR_CAPBSET_DROP = 24,
        PR_SET_NO_NEW_PRIVS = 38, PR_CAP_AMBIENT = 47, PR_CAP_AMBIENT_RAISE = 2, PR_CAP_AMBIENT_CLEAR_ALL = 4,
        PR_SET_CHILD_SUBREAPER = 36;
    public const ulong CLONE_NEWNS = 0x00020000, CLONE_NEWCGROUP = 0x02000000, CLONE_NEWUTS = 0x04000000,
        CLONE_NEWIPC = 0x08000000, CLONE_NEWUSER = 0x10000000, CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000,
        CLONE_NEWTIME = 0x80;
    public const int RLIMIT_NOFILE = 7, RLIM_INFINITY_INT = -1;
    const long SYS_pidfd_open = 434, SYS_pidfd_send_signal = 424, SYS_seccomp = 317, SYS_capset = 126,
        SYS_capget = 125, SYS_setresuid = 117, SYS_setresgid = 119, SYS_setgroups = 116;

    [StructLayout(LayoutKind.Sequential)]
    public struct Rlimit { public ulong Soft; public ulong Hard; }

    [LibraryImport(Lib, SetLastError = true)] public static partial int getpid();
    [LibraryImport(Lib, SetLastError = true)] public static partial int getppid();
    [LibraryImport(Lib, SetLastError = true)] public static partial uint getuid();
    [LibraryImport(Lib, SetLastError = true)] public static partial int setsid();
    [LibraryImport(Lib, SetLastError = true)] public static partial int kill(int pid, int signal);
    [LibraryImport(Lib, SetLastError = true)] public static partial int waitpid(int pid, int* status, int options);
    [LibraryImport(Lib, SetLastError = true)] public static partial int setns(int fd, int nstype);
    [LibraryImport(Lib, SetLastError = true)] public static partial int prctl(int option, nuint a2, nuint a3, nuint a4, nuint a5);
    [LibraryImport(Lib, SetLastError = true)] public static partial int setrlimit(int resource, Rlimit* limit);
    [LibraryImport(Lib, SetLastError = true)] public static partial int getrlimit(int resource, Rlimit* limit);
    [LibraryImport(Lib, SetLastError = true)] public static partial int sethostname(byte* name, nint length);
    [LibraryImport(Lib, SetLastError = true)] public static partial int setdomainname(byte* name, nint length);
    [LibraryImport(Lib, SetLastError = true)] public static partial int execve(byte* path, byte** argv, byte** envp);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint signal(int signal, nint handler);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int memfd_create(string name, uint flags);

    /// <summary>Raw syscalls: glibc's set*id wrappers broadcast to all threads, which is wrong for a single task's credentials.</summary>
    public static int SetResUid(uint uid) => (int)syscall(SYS_setresuid, uid, uid, uid, 0, 0);
    public static int SetResGid(uint gid) => (int)syscall(SYS_setresgid, gid, gid, gid, 0, 0);
    public static int SetGroups(ReadOnlySpan<uint> groups)
    {
        fixed (uint* p = groups) return (int)syscall(SYS_setgroups, groups.Length, (long)p, 0, 0, 0);
    }

    public static int PidfdOpen(int pid) => (int)syscall(SYS_pidfd_open, pid, 0, 0, 0, 0);
    public static int PidfdSendSignal(int pidfd, int signal) => (int)syscall(SYS_pidfd_send_signal, pidfd, signal, 0, 0, 0);
    public static int Seccomp(uint operation, uint flags, void* args) => (int)syscall(SYS_seccomp, operation, flags, (long)args, 0, 0);

    [StructLayout(LayoutKind.Sequential)]
    public struct CapHeader { public uint Version; public int Pid; }

    [StructLayout(LayoutKind.Sequential)]
    public struct CapData { public uint Effective; public uint Permitted; public uint Inheritable; }

    public const uint LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    public static int CapSet(ulong effective, ulong permitted, ulong inheritable)
    {
        var header = new CapHeader { Version = LINUX_CAPABILITY_VERSION_3 };
        var data = stackalloc CapData[2];
        data[0] = new CapData { Effective = (uint)effective, Permitted = (uint)permitted, Inheritable = (uint)inheritable };
        data[1] = new CapData { Effective = (uint)(effective >> 32), Permitted = (uint)(permitted >> 32), Inheritable = (uint)(inheritable >> 32) };
        return (int)syscall(SYS_capset, (long)&header, (long)data, 0, 0, 0);
    }

    public static int WaitPid(int pid, out int status, int options = 0)
    {
        int s = 0;
        int rc;
        while ((rc = waitpid(pid, &s, options)) < 0 && LastErrno == Errors.Errno.EINTR) { }
        status = s;
        return rc;
    }

    /// <summary>A wait status as docker reports it: the exit code, or 128 plus the signal.</summary>
    public static int ExitCodeOf(int status) => (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    public static bool WasSignaled(int status, out int signal)
    {
        signal = status & 0x7f;
        return signal != 0 && signal != 0x7f;
    }
}
