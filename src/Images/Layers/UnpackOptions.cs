namespace Berth.Images.Layers;

/// <summary>How <see cref="LayerUnpacker"/> unpacks a layer.</summary>
public sealed record UnpackOptions
{
    /// <summary>
    /// Leave files owned by the unpacking user instead of the uid/gid in the tar: for a daemon
    /// without CAP_CHOWN (rootless), where chown to other ids fails.
    /// </summary>
    public bool IgnoreOwnership { get; init; }
}
