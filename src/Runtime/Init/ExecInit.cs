using System.Text.Json;
using Berth.Runtime.Spec;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>
/// `berth exec-init`: a process already inside a running container's namespaces (the nsenter
/// constructor joined them before .NET started). fd 4 holds the process spec, fd 5 the seccomp
/// program, fd 3 is the error pipe.
/// </summary>
public static class ExecInit
{
    public static int Main()
    {
        Libc.fcntl(ContainerInit.ErrorFd, Libc.F_SETFD, Libc.FD_CLOEXEC);
        try
        {
            var spec = OciSpecReader.Parse(ReadMemfd(4));
            var process = spec?.Process ?? throw BerthException.Invalid("exec: no process spec");
            var bpf = ReadMemfd(5);
            Libc.close(4);
            Libc.close(5);
            var lastCap = int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap"));
            Rlimits.Apply(process.Rlimits);
            if (process.Terminal)
            {
                Libc.setsid();
                unsafe { Libc.Check(Libc.ioctl(0, Libc.TIOCSCTTY, null), "make the pty the controlling terminal"); }
            }
            CgroupGate.Wait(CgroupGate.ExecFd);
            ProcessExec.Run(process, bpf.Length > 0 ? bpf : null, lastCap, withReaper: false);
            return 0;
        }
        catch (InitException e)
        {
            return Report(e.ExitCode, e.Message);
        }
        catch (Exception e)
        {
            return Report(e is BerthException { Kind: ErrorKind.NotFound } ? 127 : 126, e.Message);
        }
    }

    static byte[] ReadMemfd(int fd)
    {
        using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false);
        var length = RandomAccess.GetLength(handle);
        var buffer = new byte[length];
        RandomAccess.Read(handle, buffer, 0);
        return buffer;
    }

    static int Report(int code, string message)
    {
        try
        {
            Libc.WriteAll(ContainerInit.ErrorFd, JsonSerializer.SerializeToUtf8Bytes(new InitFailure(code, message), RuntimeJson.Default.InitFailure));
        }
        catch (Exception) { }
        return code;
    }
}
