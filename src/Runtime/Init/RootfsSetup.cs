using Berth.Runtime.Spec;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>
/// Builds the container's filesystem inside its new mount namespace: rootfs, the spec's mounts,
/// /dev, then pivot_root and the masked and read-only paths. Runs in init, before exec.
/// </summary>
sealed class RootfsSetup(OciSpec spec, string bundle, Action beforeCgroupMounts)
{
    readonly string _rootfs = Path.GetFullPath(spec.Root?.Path ?? "rootfs", bundle);
    int _rootFd = -1;

    public void Prepare()
    {
        Libc.Check(Libc.mount(null, "/", null, RootPropagation(), null), "make / a slave mount");
        MountRootfs();
        _rootFd = Libc.Check(Libc.open(_rootfs, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), $"open rootfs {_rootfs}");
        var devIsTmpfs = false;
        foreach (var mount in spec.Mounts ?? [])
        {
            if (mount.Type is "cgroup" or "cgroup2") beforeCgroupMounts();
            new SpecMount(_rootFd, mount).Apply();
            devIsTmpfs |= mount.Destination.TrimEnd('/') == "/dev" && mount.Type == "tmpfs";
        }
        if (devIsTmpfs) new DeviceNodes(_rootFd, spec).Create();
    }

    ulong RootPropagation() => spec.Linux?.RootfsPropagation switch
    {
        "shared" or "rshared" => Libc.MS_SHARED | Libc.MS_REC,
        "private" or "rprivate" => Libc.MS_PRIVATE | Libc.MS_REC,
        _ => Libc.MS_SLAVE | Libc.MS_REC,
    };

    void MountRootfs()
    {
        if (spec.Annotations?.GetValueOrDefault(Annotations.RootfsOverlay) is { } options)
        {
            // lowerdirs are short names relative to the layer store, so the options fit in a page.
            var baseDir = spec.Annotations.GetValueOrDefault(Annotations.RootfsOverlayBase) ?? "/";
            Libc.Check(Libc.chdir(baseDir), $"chdir {baseDir}");
            var rc = Libc.mount("overlay", _rootfs, "overlay", 0, options);
            // `volatile` (Linux 5.10+) is a request, not a need: an older kernel refuses it, and gets the plain mount.
            if (rc < 0 && Libc.LastErrno == Errno.EINVAL && OverlayOptions.WithoutVolatile(options) is { } plain)
                rc = Libc.mount("overlay", _rootfs, "overlay", 0, plain);
            Libc.Check(rc, $"mount overlay on {_rootfs}");
            Libc.Check(Libc.chdir("/"), "chdir /");
        }
        else
        {
            Libc.Check(Libc.mount(_rootfs, _rootfs, null, Libc.MS_BIND | Libc.MS_REC, null), $"bind mount rootfs {_rootfs}");
        }
        Libc.Check(Libc.mount(null, _rootfs, null, Libc.MS_PRIVATE, null), $"make rootfs {_rootfs} private");
    }

    public void PivotRoot()
    {
        Libc.Check(Libc.fchdir(_rootFd), "chdir to rootfs");
        Libc.Check(Libc.PivotRoot(".", "."), $"pivot_root {_rootfs}");
        // The old root now sits under the new one; detach it without propagating to the host.
        Libc.Check(Libc.mount(null, ".", null, Libc.MS_SLAVE | Libc.MS_REC, null), "make old root a slave");
        Libc.Check(Libc.umount2(".", Libc.MNT_DETACH), "detach old root");
        Libc.Check(Libc.chdir("/"), "chdir /");
        Libc.close(_rootFd);
        _rootFd = -1;
    }

    /// <summary>After pivot_root: hide and freeze parts of /proc and /sys, then make / read-only if asked.</summary>
    public void Finish()
    {
        foreach (var path in spec.Linux?.MaskedPaths ?? []) Mask(path);
        foreach (var path in spec.Linux?.ReadonlyPaths ?? []) MakeReadonly(path);
        if (spec.Root?.Readonly == true)
            Libc.Check(Libc.mount(null, "/", null, Libc.MS_BIND | Libc.MS_REMOUNT | Libc.MS_RDONLY | LockedFlags("/"), null),
                "remount / read-only");
    }

    static void Mask(string path)
    {
        if (Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var st) < 0) return;
        var rc = st.IsDirectory
            ? Libc.mount("tmpfs", path, "tmpfs", Libc.MS_RDONLY, null)
            : Libc.mount("/dev/null", path, null, Libc.MS_BIND, null);
        Libc.Check(rc, $"mask {path}");
    }

    static void MakeReadonly(string path)
    {
        if (Libc.mount(path, path, null, Libc.MS_BIND | Libc.MS_REC, null) < 0)
        {
            if (Libc.LastErrno == Errno.ENOENT) return;
            throw new SystemCallException($"bind {path} read-only", Libc.LastErrno);
        }
        Libc.Check(Libc.mount(null, path, null, Libc.MS_BIND | Libc.MS_REMOUNT | Libc.MS_RDONLY | Libc.MS_REC | LockedFlags(path), null),
            $"remount {path} read-only");
    }

    /// <summary>A bind remount must repeat the flags the kernel locked on the mount (nosuid, nodev, noexec…).</summary>
    public static ulong LockedFlags(string path)
    {
        if (Libc.statfs(path, out var fs) < 0) return 0;
        ulong flags = 0;
        if ((fs.Flags & Libc.ST_NOSUID) != 0) flags |= Libc.MS_NOSUID;
        if ((fs.Flags & Libc.ST_NODEV) != 0) flags |= Libc.MS_NODEV;
        if ((fs.Flags & Libc.ST_NOEXEC) != 0) flags |= Libc.MS_NOEXEC;
        if ((fs.Flags & Libc.ST_NOATIME) != 0) flags |= Libc.MS_NOATIME;
        if ((fs.Flags & Libc.ST_NODIRATIME) != 0) flags |= Libc.MS_NODIRATIME;
        if ((fs.Flags & Libc.ST_RELATIME) != 0) flags |= Libc.MS_RELATIME;
        return flags;
    }
}
