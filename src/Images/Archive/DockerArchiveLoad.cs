using System.Text.Json;
using Berth.Images.Content;
using Berth.Images.Ingest;
using Berth.Images.Oci;
using Berth.Images.References;

namespace Berth.Images.Archive;

/// <summary>docker's manifest.json: per image, a config file, its tags, and its layer files bottom first.</summary>
sealed class DockerArchiveLoad(ArchiveSpool spool, ImageIngest ingest)
{
    public IReadOnlyList<LoadedImage> Run()
    {
        var loaded = new List<LoadedImage>();
        using var document = Parse(spool.ReadSmall("manifest.json", "docker manifest", ingest));
        if (document.RootElement.ValueKind != JsonValueKind.Array) throw ArchiveSpool.Invalid("manifest.json is not a JSON array");
        foreach (var item in document.RootElement.EnumerateArray()) loaded.Add(LoadOne(item));
        return loaded;
    }

    LoadedImage LoadOne(JsonElement item)
    {
        var configPath = String(item, "Config") ?? throw ArchiveSpool.Invalid("manifest.json names no Config");
        var configBytes = spool.ReadSmall(configPath, "image config", ingest);
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
