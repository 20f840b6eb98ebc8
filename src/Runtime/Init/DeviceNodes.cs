using Berth.Runtime.Spec;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>The device nodes and links every container's /dev holds (the runtime-spec's default devices).</summary>
sealed class DeviceNodes(int rootFd, OciSpec spec)
{
    static readonly OciDevice[] Defaults =
    [
        new() { Path = "/dev/null", Type = "c", Major = 1, Minor = 3 },
        new() { Path = "/dev/zero", Type = "c", Major = 1, Minor = 5 },
        new() { Path = "/dev/full", Type = "c", Major = 1, Minor = 7 },
        new() { Path = "/dev/random", Type = "c", Major = 1, Minor = 8 },
        new() { Path = "/dev/urandom", Type = "c", Major = 1, Minor = 9 },
        new() { Path = "/dev/tty", Type = "c", Major = 5, Minor = 0 },
    ];

    static readonly (string Link, string Target)[] Links =
    [
        ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"), ("core", "/proc/kcore"), ("ptmx", "pts/ptmx"),
    ];

    public void Create()
    {
        var dev = RootPath.OpenOrCreate(rootFd, "/dev", directory: true);
        try
        {
            foreach (var device in Defaults.Concat(spec.Linux?.Devices ?? [])) MakeNode(device);
            foreach (var (link, target) in Links)
                if (Libc.symlinkat(target, dev, link) < 0 && Libc.LastErrno != Errno.EEXIST)
                    throw new SystemCallException($"symlink /dev/{link}", Libc.LastErrno);
            BindConsole();
        }
        finally
        {
            Libc.close(dev);
        }
    }

    void MakeNode(OciDevice device)
    {
        var relative = RootPath.Relative(device.Path);
        var parent = RootPath.OpenOrCreate(rootFd, Path.GetDirectoryName(relative) ?? ".", directory: true);
        try
        {
            var name = Path.GetFileName(relative);
            var type = device.Type switch { "b" => Libc.S_IFBLK, "p" => Libc.S_IFIFO, _ => Libc.S_IFCHR };
            var mode = type | (device.FileMode ?? 0x1b6) & 0xfff;
            Libc.unlinkat(parent, name, 0);
            Libc.Check(Libc.mknodat(parent, name, mode, Libc.MakeDev((uint)device.Major, (uint)device.Minor)), $"mknod {device.Path}");
            Libc.Check(Libc.fchownat(parent, name, (int)(device.Uid ?? 0), (int)(device.Gid ?? 0), Libc.AT_SYMLINK_NOFOLLOW), $"chown {device.Path}");
        }
        finally
        {
            Libc.close(parent);
        }
    }

    /// <summary>/dev/console is the container's terminal when it has one, and /dev/null otherwise.</summary>
    void BindConsole()
    {
        var source = spec.Process?.Terminal == true ? Libc.ReadLinkAt(Libc.AT_FDCWD, "/proc/self/fd/0") : null;
        source ??= "/dev/null";
        var target = RootPath.OpenOrCreate(rootFd, "/dev/console", directory: false);
        try
        {
            Libc.Check(Libc.mount(source, RootPath.ProcFd(target), null, Libc.MS_BIND, null), $"bind {source} on /dev/console");
        }
        finally
        {
            Libc.close(target);
        }
    }
}
