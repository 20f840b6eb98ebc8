using System.Runtime.InteropServices;

namespace Berth.Sys.Interop;

/// <summary>Starting disk writeback early, so that the fsync which makes a large file durable has little left to wait for.</summary>
public static unsafe partial class Libc
{
    public const uint SYNC_FILE_RANGE_WRITE = 2;

    [LibraryImport(Lib, SetLastError = true)] public static partial int sync_file_range(int fd, long offset, long count, uint flags);
}
