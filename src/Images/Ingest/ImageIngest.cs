using Berth.Images.Content;
using Berth.Images.Oci;
using Berth.Images.Store;
using Berth.Sys.Errors;

namespace Berth.Images.Ingest;

/// <summary>
/// The one way content becomes an image (load, pull, commit, build): write verified blobs, then
/// register a manifest whose config and layers are all present. The ingest holds a store lease
/// from <see cref="Begin"/> to <see cref="Dispose"/>, so garbage collection never takes blobs that
/// are written but not yet named by the index. Until Register returns nothing is visible: a crash
/// or a refusal leaves only unreferenced blobs, which the next collection removes.
/// </summary>
public sealed class ImageIngest : IDisposable
{
    /// <summary>Manifests and configs are small; bigger ones are refused before they are parsed.</summary>
    public const long MaxJsonBlob = 4 << 20;

    readonly ImageStore _store;
    readonly IDisposable _lease;

    ImageIngest(ImageStore store)
    {
        _store = store;
        _lease = store.Leases.Acquire();
    }

    public static ImageIngest Begin(ImageStore store) => new(store);

    public ImageStore Store => _store;

    public bool HasBlob(Digest digest) => _store.Content.Exists(digest);

    /// <summary>Streams a blob into the store; with <paramref name="expected"/> a mismatch is refused and nothing is kept.</summary>
    public Digest WriteBlob(Stream content, Digest? expected = null, long? expectedSize = null)
    {
        using var writer = _store.Content.BeginWrite();
        content.CopyTo(writer, 1 << 20);
        return writer.Commit(expected, expectedSize);
    }

    public Digest WriteBlob(ReadOnlySpan<byte> content, Digest? expected = null)
    {
        var digest = Digest.Of(content);
        if (expected is { } want && want != digest) throw BerthException.Invalid($"digest mismatch: expected {want}, got {digest}");
        return _store.Content.Write(content);
    }

    /// <summary>A writer for callers that stream with progress; Commit publishes it.</summary>
    public BlobWriter OpenBlob() => _store.Content.BeginWrite();

    /// <summary>
    /// Checks the manifest and its config, unpacks every layer (each checked against its DiffID),
    /// then records the image and its tags in one index update.
    /// </summary>
    public IngestedImage Register(Digest manifestDigest, IngestOptions? options = null)
    {
        options ??= new IngestOptions();
        var (manifest, mediaType) = ReadManifest(manifestDigest);
        var configDigest = ParseDigest(manifest.Config.Digest, "config");
        var config = ReadConfig(configDigest, manifest.Config.Size);
        var layers = manifest.Layers.Select(l => ParseDigest(l.Digest, "layer")).ToList();
        var diffIds = config.RootFs.DiffIds.Select(d => ParseDigest(d, "diff_id")).ToList();
        if (layers.Count != diffIds.Count)
            throw BerthException.Invalid($"image {configDigest.Short}: manifest lists {layers.Count} layers but its config lists {diffIds.Count} diff_ids");
        foreach (var (layer, i) in layers.Select((l, i) => (l, i)))
            if (!HasBlob(layer)) throw BerthException.Invalid($"image {configDigest.Short}: layer {i + 1} ({layer}) is missing: the manifest names a blob that was not supplied");
        long size = 0;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            size += _store.Layers.Unpack(diffIds[i], () => _store.Content.OpenRead(layer));
        }
        return Record(configDigest, manifestDigest, mediaType, config, size, options);
    }

    IngestedImage Record(Digest id, Digest manifest, string mediaType, ImageConfig config, long size, IngestOptions options)
    {
        var now = DateTimeOffset.UtcNow;
        var moved = new List<(string, Digest)>();
        _store.Update(index =>
        {
            var previous = index.Images.GetValueOrDefault(id.Value);
            index.Images[id.Value] = new ImageEntry
            {
                Manifest = manifest.Value,
                ManifestMediaType = mediaType,
                Size = size,
                Created = config.Created ?? previous?.Created ?? now,
                RepoDigests = (previous?.RepoDigests ?? []).Concat(options.RepoDigests).Distinct().ToList(),
                LastTagTime = options.Tags.Count > 0 ? now : previous?.LastTagTime,
            };
            foreach (var tag in options.Tags.Select(t => t.ToString()))
            {
                if (index.Tags.TryGetValue(tag, out var old) && old != id.Value) moved.Add((tag, Digest.Parse(old)));
                index.Tags[tag] = id.Value;
            }
            return 0;
        });
        return new IngestedImage(id, manifest, size, moved);
    }

    (Manifest Manifest, string MediaType) ReadManifest(Digest digest)
    {
        var bytes = _store.Content.ReadVerified(digest, MaxJsonBlob);
        var manifest = ImagesJson.Parse(bytes, ImagesJson.Default.Manifest, $"manifest {digest}");
        var mediaType = manifest.MediaType ?? MediaTypes.OciManifest;
        if (!MediaTypes.IsManifest(mediaType))
            throw BerthException.Invalid($"manifest {digest} has media type {mediaType}: not an image manifest");
        return (manifest, mediaType);
    }

    ImageConfig ReadConfig(Digest digest, long declaredSize)
    {
        if (!HasBlob(digest)) throw BerthException.Invalid($"image config {digest} is missing: the manifest names a blob that was not supplied");
        var bytes = _store.Content.ReadVerified(digest, MaxJsonBlob);
        if (declaredSize > 0 && bytes.Length != declaredSize)
            throw BerthException.Invalid($"image config {digest}: manifest says {declaredSize} bytes, blob has {bytes.Length}");
        return ImagesJson.Parse(bytes, ImagesJson.Default.ImageConfig, $"image config {digest.Short}");
    }

    static Digest ParseDigest(string value, string what) =>
        Digest.TryParse(value, out var digest) ? digest : throw BerthException.Invalid($"invalid {what} digest \"{value}\" in manifest: want sha256: and 64 hex digits");

    public void Dispose() => _lease.Dispose();
}
