using Berth.Images.Content;
using Berth.Images.Store;
using Berth.Sys.Files;

namespace Berth.Build.Cache;

/// <summary>What a cached step produced: its layer, or none (the step changed no file).</summary>
public sealed record CachedLayer(Digest? DiffId, long Size, DateTimeOffset Created);

/// <summary>
/// The layer cache: step key → the layer that step produced, one small file per key under
/// ROOT/build-cache/steps. An entry counts only while its layer is still unpacked and its blob
/// still stored; anything garbage collected since is a miss, never a stale hit.
/// </summary>
public sealed class BuildCache(string root, ImageStore images)
{
    readonly string _steps = Path.Combine(root, "steps");

    public string Root => root;

    public CachedLayer? Lookup(string key)
    {
        string[] lines;
        try { lines = File.ReadAllLines(Path.Combine(_steps, key)); }
        catch (IOException) { return null; }
        if (lines.Length < 3 || !long.TryParse(lines[1], out var size) || !long.TryParse(lines[2], out var created)) return null;
        var time = DateTimeOffset.FromUnixTimeMilliseconds(created);
        if (lines[0] == "-") return new CachedLayer(null, 0, time);
        if (!Digest.TryParse(lines[0], out var diffId)) return null;
        if (!images.Layers.IsUnpacked(diffId) || !images.Content.Exists(diffId)) return null;
        return new CachedLayer(diffId, size, time);
    }

    public void Store(string key, CachedLayer layer)
    {
        Directory.CreateDirectory(_steps);
        AtomicFile.WriteText(Path.Combine(_steps, key), $"{layer.DiffId?.Value ?? "-"}\n{layer.Size}\n{layer.Created.ToUnixTimeMilliseconds()}\n");
    }

    /// <summary>`builder prune`: forgets every step and cache mount; returns how many entries went.</summary>
    public int Prune()
    {
        var count = Directory.Exists(_steps) ? Directory.EnumerateFiles(_steps).Count() : 0;
        foreach (var dir in new[] { _steps, Path.Combine(root, "mounts"), Path.Combine(root, "files") })
            if (Directory.Exists(dir)) Images.Snapshots.LayerStore.RemoveTree(dir);
        return count;
    }
}
