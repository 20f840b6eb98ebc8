using Berth.Sys.Interop;

namespace Berth.Runtime.Spawn;

/// <summary>
/// A child of this process, held by a pidfd: signals cannot hit a recycled pid, and the pidfd
/// polls readable at exit. Reaped with waitpid(pid), never waitpid(-1), which would steal
/// statuses that .NET's own Process class waits for.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    int _pidfd;
    int? _status;

    public ChildProcess(int pid, int pidfd)
    {
        Pid = pid;
        _pidfd = pidfd;
    }

    public int Pid { get; }
    public int Pidfd => _pidfd;
    public bool HasExited => _status is not null;
    /// <summary>The raw wait status, once reaped.</summary>
    public int? Status => _status;

    public bool Kill(int signal) => _status is null && _pidfd >= 0 && Libc.PidfdSendSignal(_pidfd, signal) == 0;

    /// <summary>Blocks until the child exits, then returns its raw wait status.</summary>
    public int Wait() => Wait(-1) ?? throw new InvalidOperationException("unreachable");

    /// <summary>Returns the status, or null if the child still runs after <paramref name="timeoutMs"/> (-1 waits forever).</summary>
    public unsafe int? Wait(int timeoutMs)
    {
        if (_status is not null) return _status;
        if (timeoutMs != -1 && !PollExit(timeoutMs)) return null;
        if (Libc.WaitPid(Pid, out var status) < 0) return _status = 0xff00; // already reaped elsewhere: report 255
        return _status = status;
    }

    /// <summary>Reaps the child if it already exited, without blocking.</summary>
    public int? TryReap()
    {
        if (_status is not null) return _status;
        var rc = Libc.WaitPid(Pid, out var status, Libc.WNOHANG);
        if (rc == Pid) _status = status;
        return _status;
    }

    unsafe bool PollExit(int timeoutMs)
    {
        var fd = new Libc.PollFd { Fd = _pidfd, Events = Libc.POLLIN };
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var rc = Libc.poll(&fd, 1, (int)Math.Max(0, deadline - Environment.TickCount64));
            if (rc > 0) return true;
            if (rc == 0) return false;
            if (Libc.LastErrno != Sys.Errors.Errno.EINTR) return true;
        }
    }

    public void Dispose()
    {
        if (_pidfd < 0) return;
        Libc.close(_pidfd);
        _pidfd = -1;
    }
}
