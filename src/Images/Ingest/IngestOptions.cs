using Berth.Images.References;

namespace Berth.Images.Ingest;

/// <summary>How <see cref="ImageIngest.Register"/> names the image it records.</summary>
public sealed record IngestOptions
{
    /// <summary>Tags to point at the image; a tag that named another image moves, as with docker.</summary>
    public IReadOnlyList<ImageReference> Tags { get; init; } = [];

    /// <summary>"repo@sha256:…" names the manifest (or its index) was pulled or pushed as.</summary>
    public IReadOnlyList<string> RepoDigests { get; init; } = [];
}
