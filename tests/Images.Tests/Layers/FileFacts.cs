using System.Security.Cryptography;
using System.Text;
using Berth.Sys.Interop;

namespace Berth.Images.Tests.Layers;

/// <summary>What a test asserts about a path, read with the same system calls berth uses (never following a final symlink).</summary>
static unsafe class FileFacts
{
    public static Libc.Statx Stat(string path)
    {
        Assert.True(Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var status) == 0, $"stat {path}: errno {Libc.LastErrno}");
        return status;
    }

    public static bool Exists(string path) => Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out _) == 0;

    public static uint Permissions(string path) => Stat(path).Mode & 0xfffu;

    public static byte[]? Xattr(string path, string name)
    {
        var buffer = new byte[65536];
        fixed (byte* start = buffer)
        {
            var size = Libc.lgetxattr(path, name, start, buffer.Length);
            return size < 0 ? null : buffer[..(int)size];
        }
    }

    public static List<string> XattrNames(string path)
    {
        var buffer = new byte[65536];
        fixed (byte* start = buffer)
        {
            var size = Libc.llistxattr(path, start, buffer.Length);
            Assert.True(size >= 0, $"listxattr {path}: errno {Libc.LastErrno}");
            return Encoding.UTF8.GetString(buffer, 0, (int)size).Split('\0', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        }
    }

    public static void SetXattr(string path, string name, byte[] value)
    {
        fixed (byte* start = value) Assert.Equal(0, Libc.lsetxattr(path, name, start, value.Length, 0));
    }

    public static void Chown(string path, int uid, int gid) =>
        Assert.Equal(0, Libc.fchownat(Libc.AT_FDCWD, path, uid, gid, Libc.AT_SYMLINK_NOFOLLOW));

    public static void Chmod(string path, uint mode) => Assert.Equal(0, Libc.fchmodat(Libc.AT_FDCWD, path, mode, 0));

    public static void Mknod(string path, uint type, uint major, uint minor, uint mode = 0x1b6) =>
        Assert.Equal(0, Libc.mknodat(Libc.AT_FDCWD, path, type | mode, Libc.MakeDev(major, minor)));

    public static void Link(string existing, string path) => Assert.Equal(0, Libc.linkat(Libc.AT_FDCWD, existing, Libc.AT_FDCWD, path, 0));

    public static void SetMtime(string path, long seconds)
    {
        var times = stackalloc Libc.Timespec[2];
        times[0] = times[1] = new Libc.Timespec { Seconds = seconds };
        Assert.Equal(0, Libc.utimensat(Libc.AT_FDCWD, path, times, Libc.AT_SYMLINK_NOFOLLOW));
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
