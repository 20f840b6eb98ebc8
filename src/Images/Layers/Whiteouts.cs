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
    /// <summary>Linux 6.7+ can also mark a deletion as an empty file carrying this xattr (nested overlays).</summary>
    public const string WhiteoutXattr = "trusted.overlay.whiteout";
    public const string UserWhiteoutXattr = "user.overlay.whiteout";
    /// <summary>A directory renamed with redirect_dir=on: its lower content sits under another name.</summary>
    public const string RedirectXattr = "trusted.overlay.redirect";
    public const string UserRedirectXattr = "user.overlay.redirect";
    /// <summary>A file copied up metadata-only (metacopy=on): its data is still in a lower layer.</summary>
    public const string MetacopyXattr = "trusted.overlay.metacopy";
    public const string UserMetacopyXattr = "user.overlay.metacopy";
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
