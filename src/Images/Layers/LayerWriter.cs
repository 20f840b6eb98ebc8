using Berth.Images.Layers.Tar;
using Berth.Images.Layers.Write;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers;

/// <summary>
/// Writes a directory (a container's overlay upperdir, a build step's changes) as an uncompressed
/// layer tar. The output is deterministic: the same tree and clamp always give the same bytes.
/// </summary>
public static class LayerWriter
{
    const int DirectoryFlags = Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC;
    const int ContentFlags = Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC;
    /// <summary>The walk saw only real directories, so the path to a file may cross no symlink at all.</summary>
    const ulong ContentResolve = Libc.RESOLVE_BENEATH | Libc.RESOLVE_NO_SYMLINKS | Libc.RESOLVE_NO_MAGICLINKS;

    /// <summary>Writes the layer of <paramref name="directory"/> to <paramref name="output"/>; the caller compresses it if it wants.</summary>
    public static LayerWriteResult Write(string directory, Stream output, LayerWriteOptions options)
    {
        var rootFd = Libc.Check(Libc.open(directory, DirectoryFlags, 0), $"open {directory}");
        try
        {
            var entries = new TreeScanner(options, directory).Scan(rootFd);
            entries.Sort((a, b) => a.SortKey.AsSpan().SequenceCompareTo(b.SortKey));
            return WriteEntries(rootFd, directory, entries, output);
        }
        finally
        {
            Libc.close(rootFd);
        }
    }

    static LayerWriteResult WriteEntries(int rootFd, string directory, List<ScannedEntry> entries, Stream output)
    {
        using var tar = new HashingOutput(output);
        var headers = new TarHeaderEncoder(tar);
        var firstNames = new Dictionary<(ulong, ulong), string>();
        foreach (var entry in entries)
        {
            if (entry.Inode is { } inode && !firstNames.TryAdd(inode, entry.Tar.Name))
            {
                headers.Write(AsHardLink(entry.Tar, firstNames[inode]));
                continue;
            }
            headers.Write(entry.Tar);
            if (entry.HasContent) CopyContent(tar, rootFd, Path.Join(directory, entry.Tar.Name), entry.Tar);
        }
        tar.WriteZeros(2 * TarLayout.BlockSize); // end-of-archive marker
        var (diffId, length) = tar.Finish();
        return new LayerWriteResult(diffId, length);
    }

    /// <summary>Later names of a shared inode point at the first one; the archive carries its content once.</summary>
    static TarEntry AsHardLink(TarEntry entry, string target)
    {
        entry.Kind = TarEntryKind.HardLink;
        entry.LinkName = target;
        entry.Size = 0;
        entry.DevMajor = entry.DevMinor = 0;
        return entry;
    }

    static void CopyContent(HashingOutput tar, int rootFd, string shownPath, TarEntry entry)
    {
        var fd = Libc.OpenAt2(rootFd, entry.Name, ContentFlags, ContentResolve);
        if (fd < 0) throw new SystemCallException($"open {shownPath}", Libc.LastErrno);
        try
        {
            tar.CopyFrom(fd, entry.Size, shownPath);
            tar.WriteZeros(TarLayout.Padding(entry.Size));
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
