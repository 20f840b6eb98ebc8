using System.Runtime.InteropServices;

namespace Berth.Sys.Interop;

public static unsafe partial class Libc
{
    public const ulong MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_SYNCHRONOUS = 16, MS_REMOUNT = 32,
        MS_MANDLOCK = 64, MS_DIRSYNC = 128, MS_NOSYMFOLLOW = 256, MS_NOATIME = 1024, MS_NODIRATIME = 2048,
        MS_BIND = 4096, MS_MOVE = 8192, MS_REC = 16384, MS_SILENT = 32768, MS_UNBINDABLE = 1 << 17,
        MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20, MS_RELATIME = 1 << 21, MS_STRICTATIME = 1 << 24,
        MS_LAZYTIME = 1 << 25;
    public const int MNT_DETACH = 2;
    const long SYS_pivot_root = 155;

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mount(string? source, string target, string? fstype, ulong flags, string? data);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int umount2(string target, int flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chdir(string path);
    [LibraryImport(Lib, SetLastError = true)] public static partial int fchdir(int fd);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chroot(string path);

    public static int PivotRoot(string newRoot, string putOld)
    {
        var a = System.Text.Encoding.UTF8.GetBytes(newRoot + "\0");
        var b = System.Text.Encoding.UTF8.GetBytes(putOld + "\0");
        fixed (byte* pa = a, pb = b) return (int)syscall(SYS_pivot_root, (long)pa, (long)pb, 0, 0, 0);
    }
}

public static unsafe partial class Libc
{
    /// <summary>struct statfs on 64-bit Linux; berth reads only f_flags, the mount's locked flags.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 120)]
    public struct StatFs
    {
        [FieldOffset(0)] public long Type;
        [FieldOffset(80)] public long Flags;
    }

    public const long ST_RDONLY = 1, ST_NOSUID = 2, ST_NODEV = 4, ST_NOEXEC = 8, ST_NOATIME = 1024,
        ST_NODIRATIME = 2048, ST_RELATIME = 4096;

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statfs(string path, out StatFs result);
}
