using Berth.Runtime.Launch;
using Berth.Runtime.Terminal;
using Berth.Sys.Interop;

namespace Berth.Engine.Monitor;

/// <summary>
/// The container's stdio as its monitor holds it: a pty, or pipes for stdout and stderr, and a
/// stdin pipe when the container keeps stdin open (-i). The child ends go to the container.
/// </summary>
sealed class ContainerIo : IDisposable
{
    public int Output { get; private set; } = -1;
    public int Errors { get; private set; } = -1;
    public int StdinWriter { get; private set; } = -1;
    public Pty? Terminal { get; private set; }
    readonly List<int> _childEnds = [];

    public StdioFds ChildFds { get; private set; }

    public static ContainerIo Create(bool tty, bool openStdin, (ushort Rows, ushort Columns)? size)
    {
        var io = new ContainerIo();
        if (tty)
        {
            io.Terminal = Pty.Open(size?.Rows ?? 24, size?.Columns ?? 80);
            io.Output = io.Terminal.Master;
            io.StdinWriter = openStdin ? io.Terminal.Master : -1;
            io.ChildFds = new StdioFds(io.Terminal.Slave, io.Terminal.Slave, io.Terminal.Slave);
            return io;
        }
        var (outRead, outWrite) = Libc.Pipe();
        var (errRead, errWrite) = Libc.Pipe();
        io.Output = outRead;
        io.Errors = errRead;
        io._childEnds.AddRange([outWrite, errWrite]);
        int stdin;
        if (openStdin)
        {
            var (inRead, inWrite) = Libc.Pipe();
            io.StdinWriter = inWrite;
            stdin = inRead;
        }
        else stdin = Libc.Check(Libc.open("/dev/null", Libc.O_RDONLY | Libc.O_CLOEXEC, 0), "open /dev/null");
        io._childEnds.Add(stdin);
        io.ChildFds = new StdioFds(stdin, outWrite, errWrite);
        Libc.SetNonBlocking(outRead);
        Libc.SetNonBlocking(errRead);
        return io;
    }

    /// <summary>After the container has its copies: our write ends must go, or we never see end of file.</summary>
    public void CloseChildEnds()
    {
        foreach (var fd in _childEnds) Libc.close(fd);
        _childEnds.Clear();
        Terminal?.CloseSlave();
        if (Terminal is not null) Libc.SetNonBlocking(Terminal.Master);
    }

    /// <summary>End of file on a stream: close our end and stop polling it.</summary>
    public void StopWatchingOutput()
    {
        if (Terminal is null && Output >= 0) Libc.close(Output);
        if (Terminal is not null) StdinWriter = -1;
        Output = -1;
    }

    public void StopWatchingErrors()
    {
        if (Errors >= 0) Libc.close(Errors);
        Errors = -1;
    }

    public void CloseStdin()
    {
        if (StdinWriter < 0) return;
        if (Terminal is null) Libc.close(StdinWriter);
        else
        {
            // A pty has no half-close: ^D at the start of a line is end of input for the reader.
            Libc.WriteAll(Terminal.Master, [4]);
        }
        StdinWriter = -1;
    }

    public void Dispose()
    {
        CloseChildEnds();
        if (Terminal is null)
        {
            if (StdinWriter >= 0) Libc.close(StdinWriter);
            if (Output >= 0) Libc.close(Output);
            if (Errors >= 0) Libc.close(Errors);
        }
        Terminal?.Dispose();
        Output = Errors = StdinWriter = -1;
    }
}
