using Berth.Build.Context;
using Berth.Images.Layers;

namespace Berth.Build.Steps;

/// <summary>ADD of a local tar (plain, gzip or zstd) extracts it, owners and modes as the archive has them.</summary>
public static class LocalArchive
{
    public static bool IsArchive(string path)
    {
        var head = new byte[262];
        int read;
        using (var file = File.OpenRead(path)) read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 2 && head[0] == 0x1f && head[1] == 0x8b) return true;
        if (read >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd) return true;
        return read >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a' && head[261] == 'r';
    }

    /// <summary>Unpacks into a fresh directory (refusing hostile entries), then copies that tree into the destination.</summary>
    public static void Extract(string archive, FileCopier copier, string destination, string scratch)
    {
        var temp = Path.Combine(scratch, "extract-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            using (var stream = File.OpenRead(archive)) LayerUnpacker.Unpack(stream, temp);
            var tree = SourceTree.Layers([temp]);
            copier.KeepingSourceOwners().Copy(tree, tree.Lookup("")!, destination.Length == 0 ? "/" : destination);
        }
        finally
        {
            Images.Snapshots.LayerStore.RemoveTree(temp);
        }
    }
}
