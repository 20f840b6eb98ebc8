using System.Text.Json;
using Berth.Images.Content;
using Berth.Images.Oci;

namespace Berth.Registry.Server;

/// <summary>What the registry needs from a pushed manifest: its type, the blobs or manifests it names, and its subject.</summary>
public sealed record ManifestFacts(
    string MediaType, bool IsIndex, IReadOnlyList<Digest> Blobs, IReadOnlyList<Digest> Children,
    Digest? Subject, string? ArtifactType, JsonElement? Annotations)
{
    /// <summary>Parses untrusted manifest bytes; <paramref name="contentType"/> is the PUT's Content-Type.</summary>
    public static ManifestFacts Parse(byte[] body, string? contentType)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(body); }
        catch (JsonException e) { throw RegistryError.ManifestInvalid($"not JSON: {e.Message}"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw RegistryError.ManifestInvalid("not a JSON object");
            var bodyType = String(root, "mediaType");
            var mediaType = bodyType ?? BareType(contentType)
                ?? (root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest);
            if (bodyType is not null && BareType(contentType) is { } header && header != bodyType)
                throw RegistryError.ManifestInvalid($"mediaType {bodyType} does not match Content-Type {header}");
            if (!MediaTypes.IsManifest(mediaType) && !MediaTypes.IsIndex(mediaType))
                throw RegistryError.ManifestInvalid($"unsupported manifest media type {mediaType}");
            if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 2)
                throw RegistryError.ManifestInvalid("schemaVersion must be 2");
            var isIndex = MediaTypes.IsIndex(mediaType);
            var blobs = new List<Digest>();
            var children = new List<Digest>();
            string? artifactType = String(root, "artifactType");
            if (isIndex) children.AddRange(Digests(root, "manifests"));
            else
            {
                if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
                    throw RegistryError.ManifestInvalid("an image manifest needs a config descriptor");
                blobs.Add(DescriptorDigest(config));
                artifactType ??= String(config, "mediaType");
                blobs.AddRange(Digests(root, "layers", skipForeign: true));
            }
            Digest? subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object ? DescriptorDigest(s) : null;
            JsonElement? annotations = root.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object ? a.Clone() : null;
            return new ManifestFacts(mediaType, isIndex, blobs, children, subject, artifactType, annotations);
        }
    }

    static string? BareType(string? contentType) =>
        string.IsNullOrEmpty(contentType) ? null : contentType.Split(';')[0].Trim() is { Length: > 0 } t && t != "application/json" ? t : null;

    static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static IEnumerable<Digest> Digests(JsonElement root, string name, bool skipForeign = false)
    {
        if (!root.TryGetProperty(name, out var list)) yield break;
        if (list.ValueKind != JsonValueKind.Array) throw RegistryError.ManifestInvalid($"{name} must be an array");
        foreach (var item in list.EnumerateArray())
        {
            // Foreign layers live elsewhere (urls): the registry need not hold them.
            if (skipForeign && item.ValueKind == JsonValueKind.Object && item.TryGetProperty("urls", out var urls) && urls.GetArrayLength() > 0) continue;
            yield return DescriptorDigest(item);
        }
    }

    static Digest DescriptorDigest(JsonElement descriptor)
    {
        if (descriptor.ValueKind != JsonValueKind.Object || !Digest.TryParse(String(descriptor, "digest"), out var digest))
            throw RegistryError.ManifestInvalid("a descriptor lacks a valid sha256 digest");
        return digest;
    }
}
