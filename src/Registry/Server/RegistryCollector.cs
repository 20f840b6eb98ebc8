using Berth.Images.Content;

namespace Berth.Registry.Server;

/// <summary>
/// `berth registry gc`: mark every blob a repository's manifests name (and the manifests themselves),
/// sweep the rest, drop repository links to swept blobs, and remove abandoned uploads. Run it with
/// the server stopped or read-only, as with distribution: an upload finishing mid-sweep could lose its blob.
/// </summary>
public sealed class RegistryCollector(RegistryContext registry)
{
    public (int Blobs, long Bytes) Collect(bool dryRun, TextWriter log)
    {
        var live = new HashSet<Digest>();
        foreach (var name in registry.Repositories.Catalog())
            foreach (var manifest in registry.Repositories.Manifests(name))
            {
                live.Add(manifest);
                if (!registry.Blobs.Exists(manifest)) continue;
                var facts = ManifestFacts.Parse(File.ReadAllBytes(registry.Blobs.PathOf(manifest)), registry.Repositories.ManifestMediaType(name, manifest));
                live.UnionWith(facts.Blobs);
            }
        var count = 0;
        long bytes = 0;
        foreach (var blob in registry.Blobs.List().Where(b => !live.Contains(b)).ToList())
        {
            bytes += registry.Blobs.SizeOf(blob) ?? 0;
            count++;
            log.WriteLine($"blob eligible for deletion: {blob}");
            if (!dryRun) registry.Blobs.Delete(blob);
        }
        if (dryRun) return (count, bytes);
        foreach (var name in registry.Repositories.Catalog())
            foreach (var layer in registry.Repositories.Layers(name).Where(l => !registry.Blobs.Exists(l)).ToList())
                registry.Repositories.UnlinkLayer(name, layer);
        foreach (var upload in registry.Blobs.StaleUploads(TimeSpan.FromHours(1))) File.Delete(upload);
        return (count, bytes);
    }
}
