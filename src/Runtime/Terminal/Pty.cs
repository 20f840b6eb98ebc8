using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Terminal;

/// <summary>A pseudo-terminal pair: the container gets the slave as its stdio, berth keeps the master.</summary>
public sealed unsafe class Pty : IDisposable
{
    public int Master { get; private set; }
    public int Slave { get; private set; }

    Pty(int master, int slave)
    {
        Master = master;
        Slave = slave;
    }

    public static Pty Open(ushort rows = 24, ushort columns = 80)
    {
        var master = Libc.Check(Libc.open("/dev/ptmx", Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0), "open /dev/ptmx");
        try
        {
            int unlock = 0, number = 0;
            Libc.Check(Libc.ioctl(master, Libc.TIOCSPTLCK, &unlock), "unlock pty");
            Libc.Check(Libc.ioctl(master, Libc.TIOCGPTN, &number), "get pty number");
            var slave = Libc.Check(Libc.open($"/dev/pts/{number}", Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0), $"open /dev/pts/{number}");
            var pty = new Pty(master, slave);
            pty.Resize(rows, columns);
            return pty;
        }
        catch
        {
            Libc.close(master);
            throw;
        }
    }

    public void Resize(ushort rows, ushort columns)
    {
        if (rows == 0 || columns == 0) return;
        var size = new Libc.WinSize { Rows = rows, Columns = columns };
        Libc.ioctl(Master, Libc.TIOCSWINSZ, &size);
    }

    /// <summary>The size of the terminal at <paramref name="fd"/>, or null when it is not a terminal.</summary>
    public static (ushort Rows, ushort Columns)? SizeOf(int fd)
    {
        var size = new Libc.WinSize();
        return Libc.ioctl(fd, Libc.TIOCGWINSZ, &size) == 0 ? (size.Rows, size.Columns) : null;
    }

    public void CloseSlave()
    {
        if (Slave < 0) return;
        Libc.close(Slave);
        Slave = -1;
    }

    public void Dispose()
    {
        CloseSlave();
        if (Master >= 0) Libc.close(Master);
        Master = -1;
    }
}

/// <summary>Puts the user's terminal in raw mode for an interactive session, and restores it.</summary>
public sealed unsafe class RawTerminal : IDisposable
{
    readonly int _fd;
    Libc.Termios _saved;
    bool _active;

    public RawTerminal(int fd)
    {
        _fd = fd;
        fixed (Libc.Termios* saved = &_saved)
        {
            if (Libc.tcgetattr(fd, saved) < 0) return;
            var raw = _saved;
            Libc.cfmakeraw(&raw);
            _active = Libc.tcsetattr(fd, Libc.TCSANOW, &raw) == 0;
        }
    }

    public void Dispose()
    {
        if (!_active) return;
        fixed (Libc.Termios* saved = &_saved) Libc.tcsetattr(_fd, Libc.TCSANOW, saved);
        _active = false;
    }
}
