using Berth.Build.Cache;
using Berth.Images.Layers;
using Berth.Images.Store;
using Berth.Sys.Interop;

namespace Berth.Build.Steps;

/// <summary>
/// A step's changes become a layer: the scratch's diff/ (an overlay upperdir, or COPY's files) is
/// written as a deterministic tar into the content store, uncompressed (the blob digest is the
/// DiffID; compression belongs to push and save), then the directory itself is renamed into the
/// layer store as the unpacked layer, so nothing is unpacked twice. No change, no layer.
/// </summary>
public static class LayerCommitter
{
    public static CachedLayer Commit(ImageStore images, string scratch)
    {
        var diff = Path.Combine(scratch, "diff");
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (!Directory.EnumerateFileSystemEntries(diff).Any())
        {
            Images.Snapshots.LayerStore.RemoveTree(scratch);
            return new CachedLayer(null, 0, now);
        }
        LayerWriteResult result;
        using (var blob = images.Content.BeginWrite())
        {
            result = LayerWriter.Write(diff, blob, new LayerWriteOptions { FromOverlayUpper = true });
            blob.Commit(result.DiffId);
        }
        var size = ContentSize(diff);
        images.Layers.PublishScratch(scratch, result.DiffId, size);
        return new CachedLayer(result.DiffId, size, now);
    }

    static long ContentSize(string directory)
    {
        long total = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            if (Libc.statx(Libc.AT_FDCWD, file, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var st) == 0 && st.IsRegular) total += (long)st.Size;
        return total;
    }
}
