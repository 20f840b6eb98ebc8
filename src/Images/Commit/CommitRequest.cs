using Berth.Images.Content;
using Berth.Images.Oci;
using Berth.Images.References;

namespace Berth.Images.Commit;

/// <summary>What <see cref="ImageCommitter"/> turns into a new image: a change on top of a parent.</summary>
public sealed record CommitRequest
{
    /// <summary>
    /// The changed files: a container's overlay upperdir, or any directory. Null records a step
    /// that changed only configuration (ENV, CMD…): a history entry marked empty_layer, no layer.
    /// </summary>
    public string? ChangesDirectory { get; init; }

    /// <summary>True when <see cref="ChangesDirectory"/> is an overlay upperdir whose whiteouts and opaque directories mean deletions.</summary>
    public bool FromOverlayUpper { get; init; } = true;

    /// <summary>Leaves paths out of the layer (see <see cref="Layers.LayerWriteOptions.Include"/>).</summary>
    public Func<string, bool>? Include { get; init; }

    /// <summary>Image ID of the parent; null starts from scratch.</summary>
    public Digest? Parent { get; init; }

    /// <summary>The new image's run config; null keeps the parent's.</summary>
    public RunConfig? Config { get; init; }

    public string? Author { get; init; }
    public string? Comment { get; init; }
    /// <summary>The history entry's created_by (docker commit: the container's command; build: the instruction).</summary>
    public string? CreatedBy { get; init; }

    /// <summary>
    /// SOURCE_DATE_EPOCH: the image's created time, and the cap on file times in the layer, so the
    /// same tree and request give the same layer digest and image ID. Null: now, and no cap.
    /// </summary>
    public DateTimeOffset? SourceDateEpoch { get; init; }

    public ImageReference? Tag { get; init; }
}
