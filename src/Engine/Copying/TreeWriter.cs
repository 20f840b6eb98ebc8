using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Copying;

/// <summary>
/// Writes copy entries at a target path of a tree. Each entry's parent directory is opened through
/// the tree (so, for a container, resolved inside its root), and the entry's own name is made with
/// *at calls that never follow a symlink: an entry may replace a symlink, never write through one.
/// </summary>
public sealed class TreeWriter(FileTree tree, string target, OwnerPolicy owners) : IDisposable
{
    const int CreateFlags = Libc.O_CREAT | Libc.O_EXCL | Libc.O_WRONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC;
    readonly List<(string Path, CopyEntry Entry)> _directories = [];
    string? _parentPath;
    int _parentFd = -1;

    /// <summary>Bytes of file content written, for cp's "Successfully copied" line.</summary>
    public long Bytes { get; private set; }

    public void Write(CopyEntry entry)
    {
        var path = tree.Join(target, entry.Path);
        var (parent, name) = tree.Split(path);
        if (name == ".")
        {
            TargetItself(path, entry);
            return;
        }
        var parentFd = Parent(parent, entry.Path);
        var shown = tree.Describe(path);
        switch (entry.Kind)
        {
            case CopyEntryKind.Directory: Directory(parentFd, name, path, entry); break;
            case CopyEntryKind.File: File(parentFd, name, shown, entry); break;
            case CopyEntryKind.Symlink: Symlink(parentFd, name, shown, entry); break;
            case CopyEntryKind.HardLink: HardLink(parentFd, name, shown, entry); break;
            default: Node(parentFd, name, shown, entry); break;
        }
    }

    /// <summary>Directory times last, once nothing more is created in them.</summary>
    public void Finish()
    {
        for (var i = _directories.Count - 1; i >= 0; i--)
        {
            var fd = tree.Open(_directories[i].Path, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW);
            if (fd < 0) continue;
            PinnedMetadata.Times(fd, _directories[i].Entry);
            Libc.close(fd);
        }
    }

    /// <summary>The entry's parent directory, kept open: entries come directory by directory.</summary>
    int Parent(string path, string entryPath)
    {
        if (path == _parentPath) return _parentFd;
        if (_parentFd >= 0) Libc.close(_parentFd);
        _parentPath = null;
        _parentFd = tree.Open(path, Libc.O_PATH | Libc.O_DIRECTORY);
        if (_parentFd < 0 && Libc.LastErrno == Errno.ENOENT && entryPath.Contains('/'))
            ImplicitParents.Create(tree, target, entryPath[..entryPath.LastIndexOf('/')]);
        if (_parentFd < 0) _parentFd = tree.OpenOrThrow(path, Libc.O_PATH | Libc.O_DIRECTORY);
        _parentPath = path;
        return _parentFd;
    }

    /// <summary>"dir/." copied onto an existing directory that is a root ("/" or "."): only its metadata changes.</summary>
    void TargetItself(string path, CopyEntry entry)
    {
        if (entry.Kind != CopyEntryKind.Directory) throw BerthException.Invalid($"cannot overwrite directory \"{tree.Describe(path)}\" with non-directory");
        var fd = tree.OpenOrThrow(path, Libc.O_PATH | Libc.O_DIRECTORY);
        ApplyAndClose(fd, entry, tree.Describe(path), times: false);
        _directories.Add((path, entry));
    }

    void Directory(int parentFd, string name, string path, CopyEntry entry)
    {
        var shown = tree.Describe(path);
        if (Libc.statx(parentFd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var existing) == 0)
        {
            if (!existing.IsDirectory) throw BerthException.Conflict($"cannot overwrite non-directory \"{shown}\" with directory");
        }
        else if (Libc.mkdirat(parentFd, name, 0x1c0) < 0 && Libc.LastErrno != Errno.EEXIST)
        {
            throw new SystemCallException($"mkdir {shown}", Libc.LastErrno);
        }
        var fd = Libc.openat(parentFd, name, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw new SystemCallException($"open directory {shown}", Libc.LastErrno);
        ApplyAndClose(fd, entry, shown, times: false);
        _directories.Add((path, entry));
    }

    void File(int parentFd, string name, string shown, CopyEntry entry)
    {
        ClearName(parentFd, name, shown);
        var fd = Libc.openat(parentFd, name, CreateFlags, 0x180);
        if (fd < 0) throw new SystemCallException($"create {shown}", Libc.LastErrno);
        try
        {
            Bytes += FileContent.Copy(entry, fd, shown);
        }
        catch
        {
            Libc.close(fd);
            throw;
        }
        ApplyAndClose(fd, entry, shown, times: true);
    }

    void Symlink(int parentFd, string name, string shown, CopyEntry entry)
    {
        ClearName(parentFd, name, shown);
        if (Libc.symlinkat(entry.LinkTarget ?? "", parentFd, name) < 0) throw new SystemCallException($"symlink {shown}", Libc.LastErrno);
        PinnedMetadata.SymlinkOwnerAndTimes(parentFd, name, owners.OwnerOf(entry), entry, shown);
    }

    /// <summary>A tar stream's hard link names an earlier entry of the same stream.</summary>
    void HardLink(int parentFd, string name, string shown, CopyEntry entry)
    {
        var (linkParent, linkName) = tree.Split(tree.Join(target, entry.LinkTarget ?? ""));
        var linkParentFd = tree.OpenOrThrow(linkParent, Libc.O_PATH | Libc.O_DIRECTORY);
        try
        {
            ClearName(parentFd, name, shown);
            if (Libc.linkat(linkParentFd, linkName, parentFd, name, 0) < 0) throw new SystemCallException($"link {shown}", Libc.LastErrno);
        }
        finally
        {
            Libc.close(linkParentFd);
        }
    }

    /// <summary>A fifo or a device node.</summary>
    void Node(int parentFd, string name, string shown, CopyEntry entry)
    {
        ClearName(parentFd, name, shown);
        var type = entry.Kind switch { CopyEntryKind.Fifo => Libc.S_IFIFO, CopyEntryKind.CharDevice => Libc.S_IFCHR, _ => Libc.S_IFBLK };
        if (Libc.mknodat(parentFd, name, type | 0x180, Libc.MakeDev(entry.DevMajor, entry.DevMinor)) < 0)
            throw new SystemCallException($"mknod {shown}", Libc.LastErrno);
        var fd = Libc.openat(parentFd, name, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw new SystemCallException($"open {shown}", Libc.LastErrno);
        if (Libc.statx(fd, "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var made) < 0 || made.Type != type)
        {
            Libc.close(fd);
            throw BerthException.Conflict($"{shown} changed while it was being copied: try again");
        }
        ApplyAndClose(fd, entry, shown, times: true);
    }

    /// <summary>docker replaces what is in the way, except that a directory never gives way to a non-directory.</summary>
    void ClearName(int parentFd, string name, string shown)
    {
        if (Libc.statx(parentFd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var existing) < 0) return;
        if (existing.IsDirectory) throw BerthException.Conflict($"cannot overwrite directory \"{shown}\" with non-directory");
        if (Libc.unlinkat(parentFd, name, 0) < 0 && Libc.LastErrno != Errno.ENOENT) throw new SystemCallException($"replace {shown}", Libc.LastErrno);
    }

    void ApplyAndClose(int fd, CopyEntry entry, string shown, bool times)
    {
        try
        {
            PinnedMetadata.Owner(fd, owners.OwnerOf(entry), shown);
            PinnedMetadata.Mode(fd, entry.Mode, shown);
            if (times) PinnedMetadata.Times(fd, entry);
        }
        finally
        {
            Libc.close(fd);
        }
    }

    public void Dispose()
    {
        if (_parentFd >= 0) Libc.close(_parentFd);
        _parentFd = -1;
    }
}
