using System.Text.Json;
using Berth.Images.Import;
using Berth.Images.Oci;
using Berth.Sys.Errors;

namespace Berth.Registry.Client;

/// <summary>"linux/amd64[/variant]", and the pick of an index's manifest for it.</summary>
public sealed record PlatformSelector(string Os, string Architecture, string? Variant)
{
    public static PlatformSelector Current => new("linux", ImageImporter.CurrentArchitecture, null);

    public static PlatformSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return Current;
        var parts = text.ToLowerInvariant().Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
            throw BerthException.Invalid($"invalid platform \"{text}\": want OS/ARCH[/VARIANT], e.g. linux/amd64");
        return new PlatformSelector(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }

    public override string ToString() => $"{Os}/{Architecture}{(Variant is null ? "" : "/" + Variant)}";

    public Descriptor Select(byte[] indexBody)
    {
        var index = ImagesJson.Parse(indexBody, ImagesJson.Default.ImageIndex, "image index");
        var matches = index.Manifests.Where(m => m.Platform is { } p && p.Os == Os && p.Architecture == Architecture
            && (Variant is null || p.Variant == Variant)).ToList();
        // Without a variant asked for, prefer the common one (arm64/v8) over rarer variants.
        return matches.FirstOrDefault(m => Variant is not null || m.Platform!.Variant is null or "v8") ?? matches.FirstOrDefault()
            ?? throw BerthException.NotFound($"no matching manifest for {this} in the manifest list entries");
    }
}
