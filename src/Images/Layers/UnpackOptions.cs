namespace Berth.Images.Layers;

/// <summary>How <see cref="LayerUnpacker"/> unpacks a layer.</summary>
public sealed record UnpackOptions
{
    /// <summary>
    /// Leave files owned by the unpacking user instead of the uid/gid in the tar: for a daemon
    /// without CAP_CHOWN (rootless), where chown to other ids fails.
    /// </summary>
    public bool IgnoreOwnership { get; init; }

    /// <summary>
    /// The digest the caller checks the raw stream against before the layer is used, when that digest
    /// is the expected DiffID. If the stream turns out uncompressed, the raw stream is the tar stream,
    /// so the unpacker takes this as the DiffID instead of hashing the same bytes a second time, and
    /// says so in <see cref="UnpackResult.DiffIdFromCaller"/>. A compressed stream is hashed as ever.
    /// </summary>
    public Content.Digest? RawDigestIsDiffId { get; init; }
}
