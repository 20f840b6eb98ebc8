using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>
/// On cgroup v1, moving a process into each hierarchy costs an RCU grace period (milliseconds each),
/// so the parent does it while init starts up. Init waits here, on fd 4, only where it must: before
/// entering its cgroup namespace, whose root is the cgroup it is in at that moment, and before exec.
/// </summary>
static class CgroupGate
{
    public const int InitFd = 4;
    public const int ExecFd = 6;
    static bool _passed;

    /// <summary>
    /// For an init cloned before its container existed: waits at the gate for the bundle and seccomp
    /// program, a line each, which the parent sends once it has placed us in our cgroups.
    /// </summary>
    public static (string Bundle, string? Seccomp) ReceiveAssignment()
    {
        var message = Libc.TryReadToEnd(InitFd);
        Libc.close(InitFd);
        var lines = message is null ? [] : System.Text.Encoding.UTF8.GetString(message).Split('\n');
        if (lines.Length < 2 || lines[0].Length == 0) throw new InitException(125, "the container was never assigned to its init");
        _passed = true;
        return (lines[0], lines[1].Length == 0 ? null : lines[1]);
    }

    public static void Wait(int fd = InitFd)
    {
        if (_passed) return;
        Span<byte> signal = stackalloc byte[1];
        var n = Libc.ReadSome(fd, signal);
        Libc.close(fd);
        if (n != 1) throw new InitException(125, "the container's cgroups could not be joined");
        _passed = true;
    }
}
