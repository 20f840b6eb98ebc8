using Berth.Images.Layers.Tar;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers.Unpack;

/// <summary>One pass over a layer's tar stream into its target directory.</summary>
sealed unsafe class UnpackSession(LayerTarReader reader, TargetTree tree, bool owners)
{
    readonly TarEntry entry = new();
    readonly DirectoryTimes directoryTimes = new();
    long contentBytes;

    public UnpackResult Run()
    {
        while (reader.Next(entry)) Unpack();
        directoryTimes.Apply(tree);
        var (diffId, length) = reader.Finish();
        return new UnpackResult(diffId, contentBytes, length, reader.DiffIdFromCaller);
    }

    void Unpack()
    {
        if (!EntryPath.TryClean(entry.Name, out var path)) throw LayerRefusal.Entry(entry.Name, "escapes the root");
        if (path.Length == 0)
        {
            UnpackRoot();
            return;
        }
        var (parent, name) = EntryPath.Split(path);
        if (IsMetadataDirectory(parent)) return;
        if (name.StartsWith(Whiteouts.Prefix, StringComparison.Ordinal))
        {
            UnpackWhiteout(parent, name, path);
            return;
        }
        CheckLinkTarget(parent, path);
        if (entry.Kind == TarEntryKind.HardLink) UnpackHardLink(parent, name, path);
        else UnpackInode(tree.Directory(parent), name, path, default);
    }

    /// <summary>Entries inside reserved ".wh..wh.*" directories (aufs hardlink stores) are not content.</summary>
    static bool IsMetadataDirectory(string directory) =>
        directory.StartsWith(Whiteouts.MetaPrefix, StringComparison.Ordinal) || directory.Contains("/" + Whiteouts.MetaPrefix, StringComparison.Ordinal);

    void UnpackInode(int parentFd, string name, string path, LinkSource link)
    {
        var fd = EntryCreator.Create(entry, link, parentFd, name, path, out var replacedWhiteout);
        switch (entry.Kind)
        {
            case TarEntryKind.File:
                WriteFile(fd, path);
                break;
            case TarEntryKind.Directory:
                // The deleted directory below must stay hidden under the one this layer puts back.
                if (replacedWhiteout) WhiteoutWriter.MarkOpaque(parentFd, name, path);
                EntryMetadata.ApplyAt(parentFd, name, entry, owners, path, setTimes: false);
                directoryTimes.Defer(path, entry.MtimeSeconds, entry.MtimeNanoseconds);
                break;
            case TarEntryKind.HardLink:
                break; // A hardlink shares its target's inode, owner, mode and times.
            default:
                EntryMetadata.ApplyAt(parentFd, name, entry, owners, path, setTimes: true);
                break;
        }
    }

    void WriteFile(int fd, string path)
    {
        try
        {
            while (reader.NextDataChunk(out var chunk)) WriteAll(fd, chunk, path);
            EntryMetadata.ApplyToOpenFile(fd, entry, owners, path);
        }
        finally
        {
            Libc.close(fd);
        }
    }

    void WriteAll(int fd, ReadOnlySpan<byte> chunk, string path)
    {
        fixed (byte* start = chunk)
        {
            var done = 0;
            while (done < chunk.Length)
            {
                var written = Libc.write(fd, start + done, chunk.Length - done);
                if (written < 0 && Libc.LastErrno == Errno.EINTR) continue;
                if (written < 0) throw LayerCall.Failed("write", path);
                done += (int)written;
            }
        }
        contentBytes += chunk.Length;
    }

    void UnpackHardLink(string parent, string name, string path)
    {
        EntryPath.TryClean(entry.LinkName, out var target);
        if (target == path) return; // A link to itself changes nothing.
        var parentFd = tree.Directory(parent);
        var (targetParent, targetName) = EntryPath.Split(target);
        var targetFd = tree.BorrowDirectory(targetParent);
        try
        {
            UnpackInode(parentFd, name, path, new LinkSource(targetFd, targetName));
        }
        finally
        {
            tree.Release(targetFd);
        }
    }

    void CheckLinkTarget(string parent, string path)
    {
        if (entry.Kind == TarEntryKind.Symlink && EntryPath.SymlinkClimbsOut(parent, entry.LinkName))
            throw LayerRefusal.Entry(path, $"is a symlink to \"{entry.LinkName}\", which escapes the root");
        if (entry.Kind != TarEntryKind.HardLink) return;
        if (!EntryPath.TryClean(entry.LinkName, out var target))
            throw LayerRefusal.Entry(path, $"is a hardlink to \"{entry.LinkName}\", which escapes the root");
        if (target.Length == 0) throw LayerRefusal.Entry(path, "is a hardlink to the layer root");
    }

    void UnpackWhiteout(string parent, string name, string path)
    {
        if (name == Whiteouts.OpaqueMarker)
        {
            WhiteoutWriter.MarkOpaque(tree.Directory(parent), parent.Length == 0 ? "." : parent);
            return;
        }
        if (name.StartsWith(Whiteouts.MetaPrefix, StringComparison.Ordinal)) return;
        var deleted = name[Whiteouts.Prefix.Length..];
        // ".wh.." would otherwise delete the parent directory itself.
        if (deleted is "" or "." or "..") throw LayerRefusal.Entry(path, "is a whiteout for an invalid name");
        WhiteoutWriter.Delete(tree.Directory(parent), deleted, path, entry, owners);
    }

    void UnpackRoot()
    {
        if (entry.Kind != TarEntryKind.Directory) throw LayerRefusal.Entry(entry.Name, "names the layer root but is not a directory");
        EntryMetadata.ApplyToRoot(tree.RootFd, entry, owners);
        directoryTimes.Defer("", entry.MtimeSeconds, entry.MtimeNanoseconds);
    }
}
