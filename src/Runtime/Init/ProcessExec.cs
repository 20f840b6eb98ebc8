using Berth.Runtime.Spawn;
using Berth.Runtime.Spec;
using Berth.Seccomp;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>
/// The last steps shared by init and exec-init: working directory, seccomp, user and capabilities,
/// then execve of the command (through the embedded berth-init reaper when asked).
/// </summary>
static unsafe class ProcessExec
{
    const long SYS_close_range = 436, SYS_execveat = 322;
    const uint CLOSE_RANGE_CLOEXEC = 4, MFD_CLOEXEC = 1;

    public static void Run(OciProcess process, byte[]? seccomp, int lastCap, bool withReaper)
    {
        EnterWorkingDirectory(process.Cwd);
        var path = CommandLookup.Resolve(process.Args.FirstOrDefault() ?? "", process.Env);
        var reaper = withReaper ? ReaperMemfd() : -1;
        // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN, so it must precede the switch
        // to the container's credentials; docker's profile allows the calls that follow it.
        if (seccomp is not null && !process.NoNewPrivileges) SeccompLoader.Load(seccomp, noNewPrivileges: false);
        Sys.Diagnostics.Timing.Mark("init: seccomp loaded");
        Credentials.Apply(process, lastCap);
        if (process.NoNewPrivileges) Libc.Check(Libc.prctl(Libc.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl no_new_privs");
        if (seccomp is not null && process.NoNewPrivileges) SeccompLoader.Load(seccomp, noNewPrivileges: true);
        Libc.umask(process.User.Umask ?? 0x12);
        // Whatever berth's own parent leaked without O_CLOEXEC must not reach the container.
        Libc.syscall(SYS_close_range, 3, uint.MaxValue, CLOSE_RANGE_CLOEXEC, 0, 0);
        Sys.Diagnostics.Timing.Mark("init: exec");
        Exec(path, process, reaper);
    }

    static void EnterWorkingDirectory(string cwd)
    {
        if (Libc.chdir(cwd) == 0) return;
        Directory.CreateDirectory(cwd);
        Libc.Check(Libc.chdir(cwd), $"chdir to cwd (\"{cwd}\") set in config.json");
    }

    static int ReaperMemfd()
    {
        var fd = Libc.Check(Libc.memfd_create("berth-init", MFD_CLOEXEC), "memfd_create berth-init");
        Libc.WriteAll(fd, ProcessSpawner.ReaperImage());
        return fd;
    }

    static void Exec(string path, OciProcess process, int reaper)
    {
        var argv = reaper < 0 ? process.Args : ["berth-init", path, .. process.Args];
        using var nativeArgv = new NativeStringArray(argv);
        using var nativeEnv = new NativeStringArray(process.Env ?? []);
        var nativePath = NativeStringArray.Utf8(path);
        var empty = NativeStringArray.Utf8("");
        if (reaper < 0) Libc.execve(nativePath, nativeArgv.Pointer, nativeEnv.Pointer);
        else Libc.syscall(SYS_execveat, reaper, (long)empty, (long)nativeArgv.Pointer, (long)nativeEnv.Pointer, Libc.AT_EMPTY_PATH);
        var errno = Libc.LastErrno;
        throw errno switch
        {
            Errno.ENOENT => new InitException(127, $"exec: \"{path}\": no such file or directory"),
            Errno.ENOEXEC => new InitException(126, $"exec: \"{path}\": exec format error"),
            _ => new InitException(126, $"exec: \"{path}\": {SystemCallException.Describe(errno)}"),
        };
    }
}
