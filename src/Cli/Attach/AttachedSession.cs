using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Berth.Engine.Lifecycle;
using Berth.Engine.Monitor;
using Berth.Runtime.Terminal;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Cli.Attach;

/// <summary>
/// The CLI's side of an attached container (`run` without -d, `start -a`): output frames go to our
/// stdout/stderr, our stdin to the container, terminal resizes to its pty, and (without a tty)
/// SIGINT/SIGTERM to its init, as docker's sig-proxy does. Returns the container's exit code.
/// </summary>
public sealed unsafe class AttachedSession(MonitorSession session, bool tty, bool interactive, bool proxySignals)
{
    int _wakeRead = -1, _wakeWrite = -1;
    volatile int _pendingSignal;
    volatile bool _resized;

    public int Run()
    {
        (_wakeRead, _wakeWrite) = Libc.Pipe();
        Libc.SetNonBlocking(_wakeRead);
        using var raw = tty && interactive && Libc.isatty(0) == 1 ? new RawTerminal(0) : null;
        var registrations = RegisterSignals();
        try
        {
            if (tty) SendResize();
            return Pump();
        }
        finally
        {
            foreach (var registration in registrations) registration.Dispose();
            Libc.close(_wakeRead);
            Libc.close(_wakeWrite);
        }
    }

    List<PosixSignalRegistration> RegisterSignals()
    {
        var list = new List<PosixSignalRegistration>();
        if (tty) list.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => { _resized = true; Wake(); }));
        if (!tty && proxySignals)
        {
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGHUP })
                list.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    _pendingSignal = context.Signal switch
                    {
                        PosixSignal.SIGINT => Libc.SIGINT, PosixSignal.SIGTERM => Libc.SIGTERM,
                        PosixSignal.SIGQUIT => Libc.SIGQUIT, _ => Libc.SIGHUP,
                    };
                    Wake();
                }));
        }
        return list;
    }

    void Wake()
    {
        byte b = 1;
        Libc.write(_wakeWrite, &b, 1);
    }

    int Pump()
    {
        var reader = new FrameReader();
        var socket = session.Socket;
        Libc.SetNonBlocking(socket);
        var stdinOpen = interactive;
        var buffer = new byte[32 * 1024];
        var fds = stackalloc Libc.PollFd[3];
        while (true)
        {
            var count = 0;
            fds[count++] = new Libc.PollFd { Fd = socket, Events = Libc.POLLIN };
            fds[count++] = new Libc.PollFd { Fd = _wakeRead, Events = Libc.POLLIN };
            if (stdinOpen) fds[count++] = new Libc.PollFd { Fd = 0, Events = Libc.POLLIN };
            if (Libc.poll(fds, (nuint)count, -1) < 0 && Libc.LastErrno != Errno.EINTR)
                throw new SystemCallException("poll attached streams", Libc.LastErrno);
            if (fds[1].Revents != 0) OnWake(buffer);
            if (stdinOpen && fds[2].Revents != 0) stdinOpen = ForwardStdin(socket, buffer);
            if (fds[0].Revents == 0) continue;
            if (!reader.Fill(socket)) return LostMonitor();
            while (reader.TryTake(out var type, out var payload))
            {
                switch (type)
                {
                    case FrameType.Stdout: Libc.WriteAll(1, payload); break;
                    case FrameType.Stderr: Libc.WriteAll(2, payload); break;
                    case FrameType.Exited: return BinaryPrimitives.ReadInt32BigEndian(payload);
                }
            }
        }
    }

    void OnWake(byte[] buffer)
    {
        while (Libc.ReadSome(_wakeRead, buffer) > 0) { }
        if (_resized)
        {
            _resized = false;
            SendResize();
        }
        if (_pendingSignal is var signal and > 0)
        {
            _pendingSignal = 0;
            if (session.ContainerPid > 0) Libc.kill(session.ContainerPid, signal);
        }
    }

    bool ForwardStdin(int socket, byte[] buffer)
    {
        var n = Libc.ReadSome(0, buffer);
        if (n == -Errno.EAGAIN) return true;
        if (n <= 0)
        {
            TrySend(socket, FrameType.StdinClose, []);
            return false;
        }
        return TrySend(socket, FrameType.Stdin, buffer.AsSpan(0, n));
    }

    void SendResize()
    {
        if ((Pty.SizeOf(1) ?? Pty.SizeOf(0)) is not { } size) return;
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(payload, size.Rows);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(2), size.Columns);
        TrySend(session.Socket, FrameType.Resize, payload);
    }

    static bool TrySend(int socket, FrameType type, ReadOnlySpan<byte> payload)
    {
        try
        {
            AttachFrame.Send(socket, type, payload);
            return true;
        }
        catch (SystemCallException)
        {
            return false;
        }
    }

    /// <summary>The monitor went away without reporting the exit: it was killed, and so was the container.</summary>
    static int LostMonitor() => 137;
}
