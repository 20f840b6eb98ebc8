using System.Runtime.InteropServices;

namespace Berth.Sys.Interop;

public static unsafe partial class Libc
{
    public const uint S_IFMT = 0xF000, S_IFSOCK = 0xC000, S_IFLNK = 0xA000, S_IFREG = 0x8000, S_IFBLK = 0x6000,
        S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFIFO = 0x1000;
    public const uint RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2;
    public const ulong RESOLVE_NO_XDEV = 0x01, RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_NO_SYMLINKS = 0x04,
        RESOLVE_BENEATH = 0x08, RESOLVE_IN_ROOT = 0x10;
    public const int STATX_BASIC_STATS = 0x7ff;
    const long SYS_openat2 = 437;

    [StructLayout(LayoutKind.Sequential)]
    public struct OpenHow { public ulong Flags; public ulong Mode; public ulong Resolve; }

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec { public long Seconds; public long Nanoseconds; }

    /// <summary>struct statx: one layout on every architecture, unlike struct stat.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct Statx
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(8)] public ulong Attributes;
        [FieldOffset(16)] public uint Nlink;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(48)] public ulong Blocks;
        [FieldOffset(64)] public long AtimeSeconds;
        [FieldOffset(72)] public uint AtimeNanoseconds;
        [FieldOffset(112)] public long MtimeSeconds;
        [FieldOffset(120)] public uint MtimeNanoseconds;
        [FieldOffset(128)] public uint RdevMajor;
        [FieldOffset(132)] public uint RdevMinor;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;

        public readonly uint Type => Mode & S_IFMT;
        public readonly bool IsDirectory => Type == S_IFDIR;
        public readonly bool IsSymlink => Type == S_IFLNK;
        public readonly bool IsRegular => Type == S_IFREG;
        /// <summary>overlayfs marks a deletion in an upper layer with a 0/0 character device.</summary>
        public readonly bool IsWhiteout => Type == S_IFCHR && RdevMajor == 0 && RdevMinor == 0;
        /// <summary>The root of a mount (STATX_ATTR_MOUNT_ROOT): another filesystem starts here.</summary>
        public readonly bool IsMountRoot => (Attributes & 0x2000) != 0;
    }

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirfd, string path, int flags, uint mask, out Statx result);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdirat(int dirfd, string path, uint mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdir(string path, uint mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mknodat(int dirfd, string path, uint mode, ulong dev);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int symlinkat(string target, int dirfd, string path);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int linkat(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlinkat(int dirfd, string path, int flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int fchownat(int dirfd, string path, int uid, int gid, int flags);
    [LibraryImport(Lib, SetLastError = true)] public static partial int fchown(int fd, int uid, int gid);
    [LibraryImport(Lib, SetLastError = true)] public static partial int fchmod(int fd, uint mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int fchmodat(int dirfd, string path, uint mode, int flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int utimensat(int dirfd, string path, Timespec* times, int flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint readlinkat(int dirfd, string path, byte* buf, nint size);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int lsetxattr(string path, string name, byte* value, nint size, int flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int fsetxattr(int fd, string name, byte* value, nint size, int flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint lgetxattr(string path, string name, byte* value, nint size);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint llistxattr(string path, byte* list, nint size);
    [LibraryImport(Lib, SetLastError = true)] public static partial uint umask(uint mask);

    public static int OpenAt2(int dirfd, string path, ulong flags, ulong resolve, ulong mode = 0)
    {
        var how = new OpenHow { Flags = flags, Mode = mode, Resolve = resolve };
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            long rc;
            while ((rc = syscall(SYS_openat2, dirfd, (long)p, (long)&how, sizeof(OpenHow), 0)) < 0 && LastErrno == Errors.Errno.EINTR) { }
            return (int)rc;
        }
    }

    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    public static string? ReadLinkAt(int dirfd, string path)
    {
        var buffer = stackalloc byte[4096];
        var n = readlinkat(dirfd, path, buffer, 4096);
        return n < 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, (int)n);
    }
}
