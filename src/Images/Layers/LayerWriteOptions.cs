namespace Berth.Images.Layers;

/// <summary>How <see cref="LayerWriter"/> turns a directory into a layer tar.</summary>
public sealed record LayerWriteOptions
{
    /// <summary>
    /// The directory is an overlayfs upperdir (container commit, build step): its 0/0 character
    /// devices become ".wh.NAME" entries and its opaque directories gain "DIR/.wh..wh..opq".
    /// </summary>
    public bool FromOverlayUpper { get; init; }

    /// <summary>SOURCE_DATE_EPOCH: modification times later than this are written as this.</summary>
    public DateTimeOffset? ClampMtime { get; init; }

    /// <summary>
    /// Called with each path relative to the directory ("etc/passwd", no leading "./" or trailing
    /// "/"); false leaves that entry out. Directories left out are still walked, so their
    /// children are asked about one by one.
    /// </summary>
    public Func<string, bool>? Include { get; init; }

    /// <summary>
    /// Mounts below the root (a running container's /proc, /sys, volumes) are written as their
    /// mount point only, not their contents: `export` of a running container.
    /// </summary>
    public bool SkipMountContents { get; init; }
}
