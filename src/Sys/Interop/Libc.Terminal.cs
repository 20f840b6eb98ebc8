using System.Runtime.InteropServices;

namespace Berth.Sys.Interop;

public static unsafe partial class Libc
{
    public const nuint TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, TIOCSCTTY = 0x540E, TIOCGPTN = 0x80045430,
        TIOCSPTLCK = 0x40045431, SIOCGIFFLAGS = 0x8913, SIOCSIFFLAGS = 0x8914;
    public const int TCSANOW = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize { public ushort Rows; public ushort Columns; public ushort XPixels; public ushort YPixels; }

    /// <summary>glibc's struct termios is 60 bytes; berth only saves, makes raw and restores it.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    public struct Termios { public uint InputFlags; public uint OutputFlags; public uint ControlFlags; public uint LocalFlags; }

    [LibraryImport(Lib, SetLastError = true)] public static partial int isatty(int fd);
    [LibraryImport(Lib, SetLastError = true)] public static partial int tcgetattr(int fd, Termios* termios);
    [LibraryImport(Lib, SetLastError = true)] public static partial int tcsetattr(int fd, int when, Termios* termios);
    [LibraryImport(Lib, SetLastError = true)] public static partial void cfmakeraw(Termios* termios);
}
