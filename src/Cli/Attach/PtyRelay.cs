using System.Runtime.InteropServices;
using Berth.Runtime.Spawn;
using Berth.Runtime.Terminal;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Cli.Attach;

/// <summary>`exec -t`: copies between the user's terminal and the pty of a process this CLI started, following resizes.</summary>
public sealed unsafe class PtyRelay(Pty pty, ChildProcess child, bool interactive)
{
    public int Run()
    {
        var (wakeRead, wakeWrite) = Libc.Pipe();
        Libc.SetNonBlocking(wakeRead);
        using var raw = interactive && Libc.isatty(0) == 1 ? new RawTerminal(0) : null;
        using var winch = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => { byte b = 1; Libc.write(wakeWrite, &b, 1); });
        Resize();
        var buffer = new byte[32 * 1024];
        var fds = stackalloc Libc.PollFd[4];
        var stdinOpen = interactive;
        var masterOpen = true;
        try
        {
            while (masterOpen)
            {
                var count = 0;
                fds[count++] = new Libc.PollFd { Fd = pty.Master, Events = Libc.POLLIN };
                fds[count++] = new Libc.PollFd { Fd = wakeRead, Events = Libc.POLLIN };
                fds[count++] = new Libc.PollFd { Fd = child.Pidfd, Events = Libc.POLLIN };
                if (stdinOpen) fds[count++] = new Libc.PollFd { Fd = 0, Events = Libc.POLLIN };
                if (Libc.poll(fds, (nuint)count, -1) < 0 && Libc.LastErrno != Errno.EINTR) break;
                if (fds[1].Revents != 0)
                {
                    while (Libc.ReadSome(wakeRead, buffer) > 0) { }
                    Resize();
                }
                if (fds[0].Revents != 0) masterOpen = CopyOut(buffer);
                if (stdinOpen && fds[3].Revents != 0)
                {
                    var n = Libc.ReadSome(0, buffer);
                    if (n <= 0) stdinOpen = false;
                    else Libc.WriteAll(pty.Master, buffer.AsSpan(0, n));
                }
                if (fds[2].Revents != 0)
                {
                    // The process is gone: give its last output a moment to arrive, then stop.
                    while (Libc.poll(fds, 1, 50) > 0 && CopyOut(buffer)) { }
                    break;
                }
            }
        }
        finally
        {
            Libc.close(wakeRead);
            Libc.close(wakeWrite);
        }
        return Libc.ExitCodeOf(child.Wait());
    }

    bool CopyOut(byte[] buffer)
    {
        var n = Libc.ReadSome(pty.Master, buffer);
        if (n == -Errno.EAGAIN) return true;
        if (n <= 0) return false;
        Libc.WriteAll(1, buffer.AsSpan(0, n));
        return true;
    }

    void Resize()
    {
        if ((Pty.SizeOf(1) ?? Pty.SizeOf(0)) is { } size) pty.Resize(size.Rows, size.Columns);
    }
}
