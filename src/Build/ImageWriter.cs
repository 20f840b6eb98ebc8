using System.Text.Json;
using Berth.Build.Steps;
using Berth.Images.Content;
using Berth.Images.Ingest;
using Berth.Images.Oci;
using Berth.Images.References;
using Berth.Images.Store;

namespace Berth.Build;

/// <summary>
/// The final stage becomes an image: an OCI config (its digest the image ID) with the history,
/// a manifest of its layer blobs, and an index entry with the tags. A fully cached build writes
/// the same config, hence the same ID, and no new blob.
/// </summary>
public static class ImageWriter
{
    public static Digest Write(ImageStore images, BuildState state, IReadOnlyList<ImageReference> tags)
    {
        var created = state.History.Select(h => h.Created).Max() ?? DateTimeOffset.UnixEpoch;
        var config = new ImageConfig
        {
            Created = created,
            Author = state.Author,
            Architecture = state.Architecture,
            Os = state.Os,
            Config = state.Config,
            RootFs = new RootFs { DiffIds = state.DiffIds.Select(d => d.Value).ToList() },
            History = state.History,
        };
        using var ingest = ImageIngest.Begin(images);
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, ImagesJson.Default.ImageConfig);
        var configDigest = ingest.WriteBlob(configBytes);
        var layers = state.Blobs.Select(b => b.Size > 0 ? b : b with { Size = images.Content.SizeOf(Digest.Parse(b.Digest)) }).ToList();
        var manifest = new Manifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest.Value, Size = configBytes.Length },
            Layers = layers,
        };
        var manifestDigest = ingest.WriteBlob(JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJson.Default.Manifest));
        // The step layers are unpacked already: Register checks the blobs and records the image and its tags.
        return ingest.Register(manifestDigest, new IngestOptions { Tags = tags }).Id;
    }
}
