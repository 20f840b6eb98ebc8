namespace Berth.Images.Layers;

/// <summary>
/// The OCI image-spec whiteout names in a layer tar, and their overlayfs forms on disk: a deleted
/// name is a 0/0 character device, an opaque directory carries trusted.overlay.opaque=y.
/// </summary>
static class Whiteouts
{
    /// <summary>".wh.NAME" deletes NAME from the layers below.</summary>
    public const string Prefix = ".wh.";
    /// <summary>Names starting ".wh..wh." are reserved metadata (aufs hardlink directories and such).</summary>
    public const string MetaPrefix = ".wh..wh.";
    /// <summary>In a directory, marks it opaque: nothing below shows through.</summary>
    public const string OpaqueMarker = ".wh..wh..opq";

    public const string OpaqueXattr = "trusted.overlay.opaque";
    /// <summary>The same mark when overlayfs runs with userxattr (unprivileged mounts).</summary>
    public const string UserOpaqueXattr = "user.overlay.opaque";
    public const string OverlayXattrPrefix = "trusted.overlay.";
    public const string UserOverlayXattrPrefix = "user.overlay.";

    public static ReadOnlySpan<byte> OpaqueValue => "y"u8;

    /// <summary>
    /// overlayfs keeps its own state in these (opaque, redirect, origin, metacopy). They never travel
    /// in a layer tar: a layer says "opaque" only through the marker entry.
    /// </summary>
    public static bool IsOverlayXattr(string name) =>
        name.StartsWith(OverlayXattrPrefix, StringComparison.Ordinal) || name.StartsWith(UserOverlayXattrPrefix, StringComparison.Ordinal);
}
