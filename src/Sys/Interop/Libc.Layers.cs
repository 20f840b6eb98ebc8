using System.Runtime.InteropServices;

namespace Berth.Sys.Interop;

/// <summary>The calls that unpacking and writing image layers need beyond the file basics.</summary>
public static unsafe partial class Libc
{
    /// <summary>glibc's utimensat refuses a NULL path, so setting an open file's times needs futimens.</summary>
    [LibraryImport(Lib, SetLastError = true)] public static partial int futimens(int fd, Timespec* times);

    /// <summary>Fills the buffer with struct linux_dirent64 records: u64 ino, s64 off, u16 reclen, u8 type, NUL-terminated name.</summary>
    [LibraryImport(Lib, SetLastError = true)] public static partial nint getdents64(int fd, byte* buffer, nint size);
}
