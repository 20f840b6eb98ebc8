using System.Text;
using Berth.Images.Layers.Tar;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers.Write;

/// <summary>
/// Walks a directory tree through descriptors (each directory opened with O_NOFOLLOW from its
/// parent, so a symlink swapped in cannot lead the walk outside) and lists the entries of its layer.
/// </summary>
sealed class TreeScanner(LayerWriteOptions options, string root)
{
    const int DirectoryFlags = Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC;

    readonly List<ScannedEntry> entries = [];
    readonly long? clampSeconds = options.ClampMtime?.ToUnixTimeSeconds();

    public List<ScannedEntry> Scan(int rootFd)
    {
        Walk(rootFd, "");
        return entries;
    }

    void Walk(int directoryFd, string directoryPath)
    {
        foreach (var name in DirectoryNames.Read(directoryFd, Shown(directoryPath)))
        {
            var path = directoryPath.Length == 0 ? name : directoryPath + "/" + name;
            // Layers refuse longer names on unpack; the bound also keeps this recursion shallow.
            if (Encoding.UTF8.GetByteCount(path) > TarLayout.MaxNameBytes)
                throw BerthException.Invalid($"{Shown(path[..200])}…: path longer than {TarLayout.MaxNameBytes} bytes cannot go in a layer");
            if (Libc.statx(directoryFd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var status) < 0)
                throw new SystemCallException("stat " + Shown(path), Libc.LastErrno);
            if (status.Type == Libc.S_IFSOCK) continue; // tar cannot hold sockets; docker skips them too.
            if (options.Include?.Invoke(path) ?? true) Add(directoryFd, name, path, status);
            if (status.IsDirectory && !(options.SkipMountContents && status.IsMountRoot)) WalkChild(directoryFd, name, path);
        }
    }

    void WalkChild(int directoryFd, string name, string path)
    {
        var fd = Libc.openat(directoryFd, name, DirectoryFlags, 0);
        if (fd < 0) throw new SystemCallException("open directory " + Shown(path), Libc.LastErrno);
        try
        {
            Walk(fd, path);
        }
        finally
        {
            Libc.close(fd);
        }
    }

    void Add(int directoryFd, string name, string path, Libc.Statx status)
    {
        if (options.FromOverlayUpper && status.IsWhiteout)
        {
            AddWhiteout(path, status);
            return;
        }
        var xattrs = XattrReader.Read($"/proc/self/fd/{directoryFd}/{name}", path);
        if (options.FromOverlayUpper)
        {
            RefuseLowerReferences(path, xattrs);
            if (status.IsRegular && status.Size == 0 && HasXattr(xattrs, Whiteouts.WhiteoutXattr, Whiteouts.UserWhiteoutXattr))
            {
                AddWhiteout(path, status);
                return;
            }
        }
        var opaque = options.FromOverlayUpper && status.IsDirectory && IsOpaque(xattrs);
        xattrs.RemoveAll(x => Whiteouts.IsOverlayXattr(x.Name));
        var entry = Header(path, status, xattrs);
        if (status.IsSymlink) entry.LinkName = Libc.ReadLinkAt(directoryFd, name) ?? throw new SystemCallException($"readlink {Shown(path)}", Libc.LastErrno);
        var sharesInode = !status.IsDirectory && status.Nlink > 1;
        entries.Add(new ScannedEntry(entry, Key(path), sharesInode ? (Device(status), status.Inode) : null, status.IsRegular));
        if (opaque) AddOpaqueMarker(path, status);
    }

    /// <summary>An overlay whiteout (0/0 char device) becomes ".wh.NAME", a regular file as docker writes it.</summary>
    void AddWhiteout(string path, Libc.Statx status)
    {
        var slash = path.LastIndexOf('/');
        var whiteout = path[..(slash + 1)] + Whiteouts.Prefix + path[(slash + 1)..];
        var entry = Header(whiteout, status, []);
        entry.Kind = TarEntryKind.File;
        entry.Mode = 0x180; // 0600
        entry.DevMajor = entry.DevMinor = 0;
        entries.Add(new ScannedEntry(entry, Key(whiteout), null, false));
    }

    /// <summary>An opaque directory keeps its entry and gains "DIR/.wh..wh..opq", with the directory's owner and permissions.</summary>
    void AddOpaqueMarker(string directoryPath, Libc.Statx status)
    {
        var marker = directoryPath + "/" + Whiteouts.OpaqueMarker;
        var entry = Header(marker, status, []);
        entry.Kind = TarEntryKind.File;
        entry.Mode &= 0x1ff;
        entries.Add(new ScannedEntry(entry, Key(marker), null, false));
    }

    TarEntry Header(string path, Libc.Statx status, List<Xattr> xattrs)
    {
        var entry = new TarEntry
        {
            Name = path,
            Kind = KindOf(status),
            Mode = status.Mode & 0xfffu,
            Uid = status.Uid,
            Gid = status.Gid,
            Size = status.IsRegular ? (long)status.Size : 0,
            // Whole seconds, as docker writes them; a clamp (SOURCE_DATE_EPOCH) caps later times.
            MtimeSeconds = clampSeconds is { } clamp ? Math.Min(status.MtimeSeconds, clamp) : status.MtimeSeconds,
            DevMajor = status.RdevMajor,
            DevMinor = status.RdevMinor,
        };
        entry.Xattrs.AddRange(xattrs);
        return entry;
    }

    static TarEntryKind KindOf(Libc.Statx status) => status.Type switch
    {
        Libc.S_IFREG => TarEntryKind.File,
        Libc.S_IFDIR => TarEntryKind.Directory,
        Libc.S_IFLNK => TarEntryKind.Symlink,
        Libc.S_IFCHR => TarEntryKind.CharDevice,
        Libc.S_IFBLK => TarEntryKind.BlockDevice,
        _ => TarEntryKind.Fifo,
    };

    /// <summary>
    /// A redirected directory or a metacopy file keeps its content in a lower layer, which a layer
    /// made from the upperdir alone would lose: refuse rather than write a wrong layer.
    /// </summary>
    void RefuseLowerReferences(string path, List<Xattr> xattrs)
    {
        if (HasXattr(xattrs, Whiteouts.RedirectXattr, Whiteouts.UserRedirectXattr))
            throw BerthException.Invalid($"{Shown(path)} was renamed by overlayfs with redirect_dir: its content lives in a lower layer; mount overlay with redirect_dir=off to commit it");
        if (HasXattr(xattrs, Whiteouts.MetacopyXattr, Whiteouts.UserMetacopyXattr))
            throw BerthException.Invalid($"{Shown(path)} is an overlayfs metacopy: its data lives in a lower layer; mount overlay with metacopy=off to commit it");
    }

    static bool HasXattr(List<Xattr> xattrs, string name, string userName) => xattrs.Exists(x => x.Name == name || x.Name == userName);

    static bool IsOpaque(List<Xattr> xattrs) =>
        xattrs.Exists(x => x.Name is Whiteouts.OpaqueXattr or Whiteouts.UserOpaqueXattr && x.Value.AsSpan().SequenceEqual(Whiteouts.OpaqueValue));

    static ulong Device(Libc.Statx status) => ((ulong)status.DevMajor << 32) | status.DevMinor;

    static byte[] Key(string path) => Encoding.UTF8.GetBytes(path);

    string Shown(string path) => path.Length == 0 ? root : Path.Join(root, path);
}
