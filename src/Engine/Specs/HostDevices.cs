using Berth.Runtime.Spec;
using Berth.Sys.Interop;

namespace Berth.Engine.Specs;

/// <summary>--privileged gives the container the host's device nodes, as docker does.</summary>
static class HostDevices
{
    public static List<OciDevice> List()
    {
        var devices = new List<OciDevice>();
        foreach (var path in Directory.EnumerateFileSystemEntries("/dev"))
        {
            if (Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var st) < 0) continue;
            var type = st.Type switch { Libc.S_IFCHR => "c", Libc.S_IFBLK => "b", _ => null };
            if (type is null || path is "/dev/console" or "/dev/ptmx" or "/dev/tty") continue;
            devices.Add(new OciDevice { Path = path, Type = type, Major = st.RdevMajor, Minor = st.RdevMinor, FileMode = st.Mode & 0xfffu, Uid = st.Uid, Gid = st.Gid });
        }
        return devices;
    }
}
