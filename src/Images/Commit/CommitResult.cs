using Berth.Images.Content;

namespace Berth.Images.Commit;

/// <summary>The committed image, and its new layer (null DiffId when the step was empty).</summary>
public sealed record CommitResult(Digest ImageId, Digest Manifest, Digest? DiffId, long LayerSize);
