using Berth.Sys.Interop;

namespace Berth.Integration.Tests.Fixtures;

/// <summary>Owner and mode of host files, as `stat -c '%u:%g %a'` prints them.</summary>
public static class HostFiles
{
    public static string OwnerAndMode(string path)
    {
        Assert.True(Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var status) == 0, $"stat {path}");
        return $"{status.Uid}:{status.Gid} {Convert.ToString(status.Mode & 0xfff, 8)}";
    }

    /// <summary>How many names the file has: a hard link made to it anywhere adds one.</summary>
    public static uint LinkCount(string path)
    {
        Assert.True(Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var status) == 0, $"stat {path}");
        return status.Nlink;
    }

    public static void Chown(string path, int uid, int gid) => Assert.Equal(0, Libc.fchownat(Libc.AT_FDCWD, path, uid, gid, Libc.AT_SYMLINK_NOFOLLOW));
}
