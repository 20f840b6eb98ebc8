using Berth.Build.Context;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Build.Steps;

/// <summary>
/// Writes COPY's files into a step's scratch upperdir. Parent directories the image already has are
/// recreated with their metadata, so the layer never changes an existing directory by accident;
/// new ones get 0755 and the copy's owner, as BuildKit makes them.
/// </summary>
public sealed class FileCopier(string upper, SourceTree parent, CopyAttributes attributes)
{
    /// <summary>Copies one source entry to an absolute destination path inside the image.</summary>
    public void Copy(SourceTree source, SourceEntry entry, string destination)
    {
        var relative = ContextPaths.Clean(destination);
        EnsureParents(relative);
        if (entry.Stat.IsDirectory)
        {
            EnsureDirectory(relative, entry);
            foreach (var child in source.Walk(entry.RelativePath))
            {
                var below = entry.RelativePath.Length == 0 ? child.RelativePath : child.RelativePath[(entry.RelativePath.Length + 1)..];
                var target = relative.Length == 0 ? below : $"{relative}/{below}";
                EnsureParents(target);
                CopyOne(child, target);
            }
        }
        else CopyOne(entry, relative);
    }

    /// <summary>The same copier, but keeping the owners the source has (ADD of an archive) unless --chown says otherwise.</summary>
    public FileCopier KeepingSourceOwners() => new(upper, parent, attributes with { KeepSourceOwner = true });

    /// <summary>Writes a file of given content (a heredoc, a download) at an image path.</summary>
    public void WriteFile(string destination, byte[] content, uint mode)
    {
        var relative = ContextPaths.Clean(destination);
        EnsureParents(relative);
        var path = Path.Combine(upper, relative);
        RemoveExisting(path);
        File.WriteAllBytes(path, content);
        SetMetadata(path, attributes.Mode ?? mode, attributes.Uid ?? 0, attributes.Gid ?? 0, null, symlink: false);
    }

    /// <summary>mkdir -p of an image path, for WORKDIR: missing directories get 0755 and the copy's owner.</summary>
    public void MakeDirectory(string destination)
    {
        var relative = ContextPaths.Clean(destination);
        if (relative.Length == 0 || parent.Lookup(relative) is { Stat.IsDirectory: true }) return;
        EnsureParents(relative + "/x");
    }

    void CopyOne(SourceEntry entry, string relative)
    {
        var path = Path.Combine(upper, relative);
        var st = entry.Stat;
        var uid = attributes.Uid ?? (attributes.KeepSourceOwner ? st.Uid : 0);
        var gid = attributes.Gid ?? (attributes.KeepSourceOwner ? st.Gid : 0);
        if (st.IsDirectory)
        {
            if (!Directory.Exists(path))
            {
                RemoveExisting(path);
                Directory.CreateDirectory(path);
            }
            SetMetadata(path, attributes.Mode ?? (uint)(st.Mode & 0xfff), uid, gid, st, symlink: false);
            return;
        }
        RemoveExisting(path);
        if (st.IsSymlink)
        {
            var target = Libc.ReadLinkAt(Libc.AT_FDCWD, entry.HostPath) ?? throw BerthException.Internal($"readlink {entry.HostPath}");
            Libc.Check(Libc.symlinkat(target, Libc.AT_FDCWD, path), $"symlink {relative}");
            SetMetadata(path, 0, uid, gid, st, symlink: true);
            return;
        }
        if (!st.IsRegular) throw BerthException.Invalid($"cannot copy {entry.RelativePath}: only files, directories and symlinks can be copied");
        File.Copy(entry.HostPath, path);
        SetMetadata(path, attributes.Mode ?? (uint)(st.Mode & 0xfff), uid, gid, st, symlink: false);
    }

    void EnsureDirectory(string relative, SourceEntry source)
    {
        var path = Path.Combine(upper, relative);
        if (relative.Length == 0 || Directory.Exists(path)) return;
        if (parent.Lookup(relative) is { } existing && existing.Stat.IsDirectory)
        {
            Recreate(relative, existing);
            return;
        }
        // BuildKit makes the destination of a directory copy 0755, whatever the source's mode or --chmod.
        Directory.CreateDirectory(path);
        SetMetadata(path, 0x1ed, attributes.Uid ?? 0, attributes.Gid ?? 0, source.Stat, symlink: false);
    }

    /// <summary>Each missing ancestor of an image path exists in the upper: as the image has it, or new.</summary>
    void EnsureParents(string relative)
    {
        var slash = relative.IndexOf('/');
        while (slash > 0)
        {
            var dir = relative[..slash];
            var path = Path.Combine(upper, dir);
            if (!Directory.Exists(path))
            {
                if (parent.Lookup(dir) is { } existing && existing.Stat.IsDirectory) Recreate(dir, existing);
                else
                {
                    if (parent.Lookup(dir) is { Stat.IsSymlink: true })
                        throw BerthException.Invalid($"cannot copy to /{relative}: /{dir} is a symlink in the image; copy to the path it points to");
                    RemoveExisting(path);
                    Directory.CreateDirectory(path);
                    SetMetadata(path, 0x1ed, attributes.Uid ?? 0, attributes.Gid ?? 0, null, symlink: false);
                }
            }
            slash = relative.IndexOf('/', slash + 1);
        }
    }

    void Recreate(string relative, SourceEntry existing)
    {
        var path = Path.Combine(upper, relative);
        Directory.CreateDirectory(path);
        SetMetadata(path, (uint)(existing.Stat.Mode & 0xfff), existing.Stat.Uid, existing.Stat.Gid, existing.Stat, symlink: false);
    }

    static void RemoveExisting(string path)
    {
        if (Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var st) < 0) return;
        if (st.IsDirectory) Images.Snapshots.LayerStore.RemoveTree(path);
        else File.Delete(path);
    }

    static unsafe void SetMetadata(string path, uint mode, uint uid, uint gid, Libc.Statx? times, bool symlink)
    {
        Libc.Check(Libc.fchownat(Libc.AT_FDCWD, path, (int)uid, (int)gid, Libc.AT_SYMLINK_NOFOLLOW), $"chown {path}");
        if (!symlink) Libc.Check(Libc.fchmodat(Libc.AT_FDCWD, path, mode, 0), $"chmod {path}");
        if (times is not { } st) return;
        var stamps = stackalloc Libc.Timespec[2];
        stamps[0] = new Libc.Timespec { Seconds = st.MtimeSeconds, Nanoseconds = st.MtimeNanoseconds };
        stamps[1] = stamps[0];
        Libc.Check(Libc.utimensat(Libc.AT_FDCWD, path, stamps, Libc.AT_SYMLINK_NOFOLLOW), $"set times of {path}");
    }
}
