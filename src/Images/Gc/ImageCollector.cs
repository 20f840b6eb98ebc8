using Berth.Images.Content;
using Berth.Images.Oci;
using Berth.Images.Store;

namespace Berth.Images.Gc;

/// <summary>What a collection removed.</summary>
public sealed record CollectionResult(IReadOnlyList<Digest> Blobs, IReadOnlyList<Digest> Layers, long ReclaimedBytes);

/// <summary>What an image prune removed: images with the tags they had, and what the sweep after it reclaimed.</summary>
public sealed record PruneResult(IReadOnlyList<(Digest Id, IReadOnlyList<string> Tags)> Images, CollectionResult Collection);

/// <summary>
/// Mark and sweep over the content store and the unpacked layers: what no image references, and
/// no container still runs on, goes. It takes the store's leases exclusively, so it never collects
/// the blobs of a load, pull or import still in flight.
/// </summary>
public sealed class ImageCollector(ImageStore store)
{
    public CollectionResult Collect(IEnumerable<Digest> layersInUseByContainers) => Collect(() => layersInUseByContainers);

    /// <param name="layersInUseByContainers">Asked under the lock: creates hold a lease, so no container appears unseen.</param>
    public CollectionResult Collect(Func<IEnumerable<Digest>> layersInUseByContainers)
    {
        using var exclusive = store.Leases.AcquireForCollection();
        return Sweep(layersInUseByContainers());
    }

    /// <summary>
    /// Collects only if no load, pull, create or other collection is in flight; for cleaning up
    /// after a refused load without waiting on someone else's. Null when it did not run.
    /// </summary>
    public CollectionResult? TryCollect(Func<IEnumerable<Digest>> layersInUseByContainers)
    {
        using var exclusive = store.Leases.TryAcquireForCollection();
        return exclusive is null ? null : Sweep(layersInUseByContainers());
    }

    /// <summary>
    /// `image prune`: under one exclusive lease, removes the images <paramref name="chooseImages"/>
    /// picks from the index (with their tags), then sweeps what they alone held.
    /// </summary>
    public PruneResult Prune(Func<ImageIndexFile, IEnumerable<Digest>> chooseImages, Func<IEnumerable<Digest>> layersInUseByContainers)
    {
        using var exclusive = store.Leases.AcquireForCollection();
        var removed = new List<(Digest, IReadOnlyList<string>)>();
        store.Update(index =>
        {
            foreach (var id in chooseImages(index).ToList())
            {
                var tags = index.Tags.Where(t => t.Value == id.Value).Select(t => t.Key).ToList();
                foreach (var tag in tags) index.Tags.Remove(tag);
                if (index.Images.Remove(id.Value)) removed.Add((id, tags));
            }
            return 0;
        });
        return new PruneResult(removed, Sweep(layersInUseByContainers()));
    }

    CollectionResult Sweep(IEnumerable<Digest> layersInUseByContainers)
    {
        store.Content.RemoveAbandonedIngests();
        store.Layers.RemoveAbandoned();
        var (liveBlobs, liveLayers) = Mark(store.LoadIndex());
        liveLayers.UnionWith(layersInUseByContainers);
        long reclaimed = 0;
        var blobs = new List<Digest>();
        foreach (var blob in store.Content.List().Where(b => !liveBlobs.Contains(b)).ToList())
        {
            reclaimed += SafeSize(store.Content.PathOf(blob));
            store.Content.Delete(blob);
            blobs.Add(blob);
        }
        var layers = new List<Digest>();
        foreach (var layer in store.Layers.List().Where(l => !liveLayers.Contains(l)).ToList())
        {
            reclaimed += store.Layers.SizeOf(layer);
            store.Layers.Remove(layer);
            layers.Add(layer);
        }
        return new CollectionResult(blobs, layers, reclaimed);
    }

    (HashSet<Digest> Blobs, HashSet<Digest> Layers) Mark(ImageIndexFile index)
    {
        var blobs = new HashSet<Digest>();
        var layers = new HashSet<Digest>();
        foreach (var (id, entry) in index.Images)
        {
            blobs.Add(Digest.Parse(id));
            var manifestDigest = Digest.Parse(entry.Manifest);
            blobs.Add(manifestDigest);
            if (!store.Content.Exists(manifestDigest)) continue;
            var manifest = ImagesJson.Parse(File.ReadAllBytes(store.Content.PathOf(manifestDigest)), ImagesJson.Default.Manifest, $"manifest {manifestDigest}");
            foreach (var layer in manifest.Layers) if (Digest.TryParse(layer.Digest, out var d)) blobs.Add(d);
            if (!store.Content.Exists(Digest.Parse(id))) continue;
            var config = ImagesJson.Parse(File.ReadAllBytes(store.Content.PathOf(Digest.Parse(id))), ImagesJson.Default.ImageConfig, $"config {id}");
            foreach (var diffId in config.RootFs.DiffIds) if (Digest.TryParse(diffId, out var d)) layers.Add(d);
        }
        return (blobs, layers);
    }

    static long SafeSize(string path)
    {
        try { return new FileInfo(path).Length; }
        catch (IOException) { return 0; }
    }
}
