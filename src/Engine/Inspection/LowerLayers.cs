using Berth.Sys.Interop;

namespace Berth.Engine.Inspection;

/// <summary>
/// The image's layer directories under a container (top first), read as overlayfs merges them:
/// a whiteout deletes a name from the layers below, and an opaque directory hides everything below it.
/// </summary>
public sealed class LowerLayers(IReadOnlyList<string> layersTopFirst)
{
    enum Lookup { Found, Absent, Hidden }

    /// <summary>What the merged image has at a path relative to the root, or null if nothing.</summary>
    public Libc.Statx? Find(string relativePath)
    {
        var parts = relativePath.Split('/');
        foreach (var layer in layersTopFirst)
        {
            var result = Look(layer, parts, out var status);
            if (result == Lookup.Found) return status;
            if (result == Lookup.Hidden) return null;
        }
        return null;
    }

    static Lookup Look(string layer, string[] parts, out Libc.Statx status)
    {
        var current = layer;
        var opaqueAbove = false;
        status = default;
        for (var i = 0; i < parts.Length; i++)
        {
            current = Path.Combine(current, parts[i]);
            if (Libc.statx(Libc.AT_FDCWD, current, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out status) < 0)
                return opaqueAbove ? Lookup.Hidden : Lookup.Absent;
            if (status.IsWhiteout) return Lookup.Hidden;
            if (i == parts.Length - 1) return Lookup.Found;
            // A file here shadows whatever directory lower layers have at this name.
            if (!status.IsDirectory) return Lookup.Hidden;
            opaqueAbove |= IsOpaque(current);
        }
        return Lookup.Absent;
    }

    public static unsafe bool IsOpaque(string directory)
    {
        byte value;
        return Libc.lgetxattr(directory, "trusted.overlay.opaque", &value, 1) == 1 && value == (byte)'y';
    }
}
