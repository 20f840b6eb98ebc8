using Berth.Images.Content;

namespace Berth.Images.Ingest;

/// <summary>An image recorded in the index.</summary>
/// <param name="Id">The config digest: docker's image ID.</param>
/// <param name="Manifest">The manifest the index entry points at.</param>
/// <param name="Size">Bytes of its unpacked layers.</param>
/// <param name="MovedTags">Tags that named another image before, with that image's ID.</param>
public sealed record IngestedImage(Digest Id, Digest Manifest, long Size, IReadOnlyList<(string Tag, Digest PreviousId)> MovedTags);
