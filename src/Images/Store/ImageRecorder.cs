using Berth.Images.Content;
using Berth.Images.Oci;
using Berth.Images.References;
using Berth.Sys.Errors;

namespace Berth.Images.Store;

/// <summary>
/// Records an image whose blobs are already in the content store (verified) and whose layers are
/// unpacked: the manifest is stored, and the index gains the image, its repo digest and its tag.
/// The caller holds a lease from before the first blob was written until this returns.
/// </summary>
public sealed class ImageRecorder(ImageStore store)
{
    /// <param name="manifest">The platform manifest's exact bytes: its digest is what the index names.</param>
    /// <param name="repoDigest">"repo@sha256:…" of what the registry served (an index digest for multi-platform images).</param>
    public Digest Record(byte[] manifest, string mediaType, Manifest parsed, ImageConfig config, long unpackedSize, string? repoDigest, ImageReference? tag)
    {
        var configDigest = Digest.Parse(parsed.Config.Digest);
        if (!store.Content.Exists(configDigest)) throw BerthException.Internal($"config {configDigest} is not in the content store");
        foreach (var layer in parsed.Layers)
            if (!store.Content.Exists(Digest.Parse(layer.Digest))) throw BerthException.Internal($"layer {layer.Digest} is not in the content store");
        var manifestDigest = store.Content.Write(manifest);
        var now = DateTimeOffset.UtcNow;
        store.Update(index =>
        {
            var previous = index.Images.GetValueOrDefault(configDigest.Value);
            var repoDigests = previous?.RepoDigests.ToList() ?? [];
            if (repoDigest is not null && !repoDigests.Contains(repoDigest)) repoDigests.Add(repoDigest);
            index.Images[configDigest.Value] = new ImageEntry
            {
                Manifest = manifestDigest.Value,
                ManifestMediaType = mediaType,
                Size = unpackedSize,
                Created = config.Created ?? now,
                RepoDigests = repoDigests,
                LastTagTime = tag is null ? previous?.LastTagTime : now,
            };
            if (tag is not null) index.Tags[tag.ToString()] = configDigest.Value;
            return 0;
        });
        return configDigest;
    }

    /// <summary>Adds "repo@digest" to an image after a push, so that later pushes can mount from it.</summary>
    public void AddRepoDigest(Digest imageId, string repoDigest) => store.Update(index =>
    {
        if (index.Images.TryGetValue(imageId.Value, out var entry) && !entry.RepoDigests.Contains(repoDigest))
            index.Images[imageId.Value] = entry with { RepoDigests = [.. entry.RepoDigests, repoDigest] };
        return 0;
    });
}
