using System.Text.Json;
using Berth.Images.Content;
using Berth.Images.Ingest;
using Berth.Images.Oci;
using Berth.Images.References;
using Berth.Images.Store;

namespace Berth.Images.Archive;

/// <summary>
/// `load`: docker save output (manifest.json, legacy or with blobs/), OCI image layouts
/// (index.json), either of them gzip- or zstd-compressed. Everything is written and checked
/// through one <see cref="ImageIngest"/>; a refused archive records no image.
/// </summary>
public sealed class ImageLoader(ImageStore store)
{
    public IReadOnlyList<LoadedImage> Load(Stream input)
    {
        using var ingest = ImageIngest.Begin(store);
        var spool = ArchiveSpool.Read(input, ingest);
        // docker writes both since v25; its manifest.json is what every docker version reads.
        if (spool.Contains("manifest.json")) return new DockerArchiveLoad(spool, ingest).Run();
        if (spool.Contains("index.json")) return new OciLayoutLoad(spool, ingest).Run();
        throw ArchiveSpool.Invalid("it has neither manifest.json (docker save) nor index.json (OCI layout)");
    }
}

/// <summary>docker's manifest.json: per image, a config file, its tags, and its layer files bottom first.</summary>
sealed class DockerArchiveLoad(ArchiveSpool spool, ImageIngest ingest)
{
    public IReadOnlyList<LoadedImage> Run()
    {
        var loaded = new List<LoadedImage>();
        using var document = Parse(spool.ReadSmall("manifest.json", "docker manifest"));
        if (document.RootElement.ValueKind != JsonValueKind.Array) throw ArchiveSpool.Invalid("manifest.json is not a JSON array");
        foreach (var item in document.RootElement.EnumerateArray()) loaded.Add(LoadOne(item));
        return loaded;
    }

    LoadedImage LoadOne(JsonElement item)
    {
        var configPath = String(item, "Config") ?? throw ArchiveSpool.Invalid("manifest.json names no Config");
        var configBytes = spool.ReadSmall(configPath, "image config");
        var configDigest = Digest.Of(configBytes);
        if (ArchiveSpool.LegacyConfigName(configPath) is { } promised && promised != configDigest)
            throw ArchiveSpool.Invalid($"{configPath}: content does not match its digest (got {configDigest}; corrupt archive)");
        ingest.WriteBlob(configBytes);
        var layers = Strings(item, "Layers").Select(path => Layer(path)).ToList();
        var manifest = new Manifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest.Value, Size = configBytes.Length },
            Layers = layers,
        };
        var manifestDigest = ingest.WriteBlob(JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJson.Default.Manifest));
        var tags = Strings(item, "RepoTags").Select(t => ImageReference.Parse(t)).ToList();
        var image = ingest.Register(manifestDigest, new IngestOptions { Tags = tags });
        return new LoadedImage(image.Id, tags, image.MovedTags);
    }

    Descriptor Layer(string path)
    {
        var digest = spool.Store(path, "layer", ingest);
        return new Descriptor { MediaType = LayerMediaType.Sniff(ingest.Store.Content, digest), Digest = digest.Value, Size = ingest.Store.Content.SizeOf(digest) };
    }

    static string? String(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static IEnumerable<string> Strings(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];

    public static JsonDocument Parse(byte[] json)
    {
        try { return JsonDocument.Parse(json); }
        catch (JsonException e) { throw ArchiveSpool.Invalid($"manifest.json: invalid JSON: {e.Message}"); }
    }
}

/// <summary>An OCI image layout: index.json names manifests (or nested indexes) in blobs/sha256/.</summary>
sealed class OciLayoutLoad(ArchiveSpool spool, ImageIngest ingest)
{
    const int MaxDepth = 4;
    public const string ContainerdName = "io.containerd.image.name";
    public const string RefName = "org.opencontainers.image.ref.name";

    public IReadOnlyList<LoadedImage> Run()
    {
        var index = ImagesJson.Parse(spool.ReadSmall("index.json", "OCI index"), ImagesJson.Default.ImageIndex, "index.json");
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
