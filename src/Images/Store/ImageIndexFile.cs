namespace Berth.Images.Store;

/// <summary>The on-disk image index: every image by ID (its config digest), and the tags that name them.</summary>
public sealed record ImageIndexFile
{
    public Dictionary<string, ImageEntry> Images { get; init; } = [];
    /// <summary>Normalized reference ("docker.io/library/busybox:latest") to image ID.</summary>
    public Dictionary<string, string> Tags { get; init; } = [];
}

/// <summary>What berth keeps per image besides its blobs: enough to list images without opening them.</summary>
public sealed record ImageEntry
{
    public string Manifest { get; init; } = "";
    public string ManifestMediaType { get; init; } = "";
    /// <summary>Bytes of the unpacked layers, as docker's SIZE column shows.</summary>
    public long Size { get; init; }
    public DateTimeOffset Created { get; init; }
    /// <summary>repo@sha256:… of manifests this image was pulled or pushed as.</summary>
    public List<string> RepoDigests { get; init; } = [];
    public DateTimeOffset? LastTagTime { get; init; }
}
