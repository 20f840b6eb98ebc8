using Berth.Runtime.Cgroups;
using Berth.Runtime.Spec;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>One entry of the spec's "mounts", applied below the rootfs (before pivot_root).</summary>
sealed class SpecMount(int rootFd, OciMount mount)
{
    readonly MountOptions _options = MountOptions.Parse(mount.Options);

    public void Apply()
    {
        if (mount.Type == "cgroup" || mount.Type == "cgroup2") MountCgroups();
        else if (_options.Bind || mount.Type == "bind") Bind();
        else MountFilesystem();
    }

    void Bind()
    {
        var source = mount.Source ?? throw BerthException.Invalid($"bind mount {mount.Destination}: no source");
        if (Libc.statx(Libc.AT_FDCWD, source, 0, Libc.STATX_BASIC_STATS, out var st) < 0)
            throw BerthException.NotFound($"bind source path does not exist: {source}");
        var target = RootPath.OpenOrCreate(rootFd, mount.Destination, st.IsDirectory);
        try
        {
            if (mount.Options?.Contains(MountOptions.CopyUp) == true && st.IsDirectory) CopyUp(source, target);
            var recursive = _options.Recursive ? Libc.MS_REC : 0;
            Libc.Check(Libc.mount(source, RootPath.ProcFd(target), null, Libc.MS_BIND | recursive, null), $"bind mount {source} on {mount.Destination}");
            using var mounted = Reopen();
            if ((_options.Flags & ~Libc.MS_REMOUNT) != 0)
                Libc.Check(Libc.mount(null, mounted.Path, null, Libc.MS_BIND | Libc.MS_REMOUNT | recursive | _options.Flags | RootfsSetup.LockedFlags(mounted.Path), null),
                    $"remount {mount.Destination} with options {string.Join(',', mount.Options ?? [])}");
            SetPropagation(mounted.Path);
        }
        finally
        {
            Libc.close(target);
        }
    }

    /// <summary>
    /// An fd opened before a mount still names the directory underneath it; to change the new mount
    /// (remount, propagation) the path must be resolved again.
    /// </summary>
    MountedPath Reopen() => new(Libc.Check(RootPath.Open(rootFd, mount.Destination), $"open {mount.Destination} in the container"));

    sealed class MountedPath(int fd) : IDisposable
    {
        public string Path => RootPath.ProcFd(fd);
        public void Dispose() => Libc.close(fd);
    }

    /// <summary>docker fills an empty named volume with what the image has at the mount point, on first use.</summary>
    static void CopyUp(string volume, int imageDirFd)
    {
        if (Directory.EnumerateFileSystemEntries(volume).Any()) return;
        var imageDir = Libc.ReadLinkAt(Libc.AT_FDCWD, RootPath.ProcFd(imageDirFd));
        if (imageDir is null) return;
        TreeCopy.Copy(imageDir, volume);
    }

    void MountFilesystem()
    {
        var target = RootPath.OpenOrCreate(rootFd, mount.Destination, directory: true);
        try
        {
            var at = RootPath.ProcFd(target);
            var type = mount.Type ?? "none";
            var data = _options.Data.Length == 0 ? null : _options.Data;
            if (Libc.mount(mount.Source ?? type, at, type, _options.Flags, data) < 0)
            {
                var errno = Libc.LastErrno;
                // sysfs refuses a new mount when the netns is shared with the host: bind the host's instead.
                if (type == "sysfs" && errno == Errno.EPERM)
                    Libc.Check(Libc.mount("/sys", at, null, Libc.MS_BIND | Libc.MS_REC, null), $"bind /sys on {mount.Destination}");
                else throw new SystemCallException($"mount {type} on {mount.Destination}", errno);
            }
            if (_options.Propagation != 0)
            {
                using var mounted = Reopen();
                SetPropagation(mounted.Path);
            }
        }
        finally
        {
            Libc.close(target);
        }
    }

    void SetPropagation(string at)
    {
        if (_options.Propagation != 0)
            Libc.Check(Libc.mount(null, at, null, _options.Propagation, null), $"set propagation of {mount.Destination}");
    }

    /// <summary>
    /// cgroup v2: one cgroup2 mount. v1: a tmpfs holding one mount per hierarchy, each rooted at the
    /// container's own cgroup because init entered a new cgroup namespace after joining its cgroups.
    /// </summary>
    void MountCgroups()
    {
        var flags = Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC | (_options.Flags & Libc.MS_RDONLY);
        var target = RootPath.OpenOrCreate(rootFd, mount.Destination, directory: true);
        try
        {
            var at = RootPath.ProcFd(target);
            var hierarchy = CgroupHierarchy.Detect();
            if (hierarchy.Version == CgroupVersion.V2)
            {
                Libc.Check(Libc.mount("cgroup2", at, "cgroup2", flags, null), $"mount cgroup2 on {mount.Destination}");
                return;
            }
            Libc.Check(Libc.mount("tmpfs", at, "tmpfs", Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, "mode=755"),
                $"mount tmpfs on {mount.Destination}");
            foreach (var (name, options) in V1Hierarchies().ToList())
            {
                var sub = RootPath.OpenOrCreate(rootFd, $"{mount.Destination}/{name}", directory: true);
                try
                {
                    Libc.Check(Libc.mount("cgroup", RootPath.ProcFd(sub), "cgroup", flags, options), $"mount cgroup {options} on {mount.Destination}/{name}");
                }
                finally
                {
                    Libc.close(sub);
                }
            }
            using var mounted = Reopen();
            if ((flags & Libc.MS_RDONLY) != 0)
                Libc.Check(Libc.mount(null, mounted.Path, null, Libc.MS_REMOUNT | Libc.MS_RDONLY | Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, "mode=755"),
                    $"remount {mount.Destination} read-only");
        }
        finally
        {
            Libc.close(target);
        }
    }

    static readonly HashSet<string> GenericOptions = ["rw", "ro", "nosuid", "nodev", "noexec", "relatime", "noatime", "nodiratime", "strictatime", "clone_children", "xattr"];

    /// <summary>The host's v1 hierarchies: (directory name, controller options to mount it with).</summary>
    static IEnumerable<(string Name, string Options)> V1Hierarchies()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var separator = line.IndexOf(" - cgroup ", StringComparison.Ordinal);
            if (separator < 0) continue;
            var mountPoint = line[..separator].Split(' ')[4];
            var super = line[(separator + 3)..].Split(' ');
            if (super.Length < 3) continue;
            var controllers = super[2].Split(',').Where(o => !GenericOptions.Contains(o) && !o.StartsWith("release_agent")).ToList();
            // Only hierarchies the container joined: any other would show the host's tree from its root.
            if (controllers.Count == 0 || !controllers.Any(CgroupHierarchy.V1Wanted.Contains)) continue;
            yield return (Path.GetFileName(mountPoint), string.Join(',', controllers));
        }
    }
}
