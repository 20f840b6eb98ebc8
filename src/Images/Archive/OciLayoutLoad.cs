using Berth.Images.Content;
using Berth.Images.Ingest;
using Berth.Images.Oci;
using Berth.Images.References;

namespace Berth.Images.Archive;

/// <summary>An OCI image layout: index.json names manifests (or nested indexes) in blobs/sha256/.</summary>
sealed class OciLayoutLoad(ArchiveSpool spool, ImageIngest ingest)
{
    const int MaxDepth = 4;
    public const string ContainerdName = "io.containerd.image.name";
    public const string RefName = "org.opencontainers.image.ref.name";

    public IReadOnlyList<LoadedImage> Run()
    {
        var index = ImagesJson.Parse(spool.ReadSmall("index.json", "OCI index", ingest), ImagesJson.Default.ImageIndex, "index.json");
        var loaded = new List<LoadedImage>();
        foreach (var descriptor in index.Manifests)
            if (LoadDescriptor(descriptor, NameOf(descriptor), 0) is { } image) loaded.Add(image);
        if (loaded.Count == 0) throw ArchiveSpool.Invalid("index.json names no image for this platform");
        return loaded;
    }

    LoadedImage? LoadDescriptor(Descriptor descriptor, ImageReference? name, int depth)
    {
        if (depth > MaxDepth) throw ArchiveSpool.Invalid("indexes nested too deep");
        var digest = Blob(descriptor, "manifest");
        if (MediaTypes.IsIndex(descriptor.MediaType))
        {
            var nested = ImagesJson.Parse(ingest.Store.Content.ReadVerified(digest, ImageIngest.MaxJsonBlob), ImagesJson.Default.ImageIndex, $"index {digest}");
            var pick = Platforms.Pick(nested.Manifests);
            return pick is null ? null : LoadDescriptor(pick, name ?? NameOf(pick), depth + 1);
        }
        var manifest = ImagesJson.Parse(ingest.Store.Content.ReadVerified(digest, ImageIngest.MaxJsonBlob), ImagesJson.Default.Manifest, $"manifest {digest}");
        Blob(manifest.Config, "image config");
        foreach (var layer in manifest.Layers) Blob(layer, "layer");
        var tags = name is null ? new List<ImageReference>() : [name];
        var image = ingest.Register(digest, new IngestOptions { Tags = tags });
        return new LoadedImage(image.Id, tags, image.MovedTags);
    }

    Digest Blob(Descriptor descriptor, string what)
    {
        if (!Digest.TryParse(descriptor.Digest, out var digest)) throw ArchiveSpool.Invalid($"{what} digest \"{descriptor.Digest}\" is not sha256:HEX");
        var stored = spool.Store("blobs/sha256/" + digest.Hex, what, ingest);
        if (descriptor.Size > 0 && ingest.Store.Content.SizeOf(stored) != descriptor.Size)
            throw ArchiveSpool.Invalid($"{what} {digest}: descriptor says {descriptor.Size} bytes, blob has {ingest.Store.Content.SizeOf(stored)}");
        return stored;
    }

    /// <summary>containerd's full name first; ref.name only when it is a full reference, not a bare tag.</summary>
    static ImageReference? NameOf(Descriptor descriptor)
    {
        var annotations = descriptor.Annotations;
        if (annotations is null) return null;
        if (annotations.TryGetValue(ContainerdName, out var full) && ImageReference.TryParse(full, out var parsed, out _)) return parsed;
        if (annotations.TryGetValue(RefName, out var refName) && (refName.Contains('/') || refName.Contains(':'))
            && ImageReference.TryParse(refName, out var named, out _) && named!.Digest is null) return named;
        return null;
    }
}
