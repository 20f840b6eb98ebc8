using Berth.Sys.Interop;

namespace Berth.Engine.Specs;

/// <summary>
/// Reads a file as the container will see it, straight from the overlay's layer directories
/// (top first), honouring whiteouts and opaque directories, without mounting anything.
/// </summary>
public sealed class LayeredFiles(IReadOnlyList<string> layersTopFirst)
{
    public string? ReadText(string path)
    {
        var parts = path.Trim('/').Split('/');
        foreach (var layer in layersTopFirst)
        {
            var current = layer;
            for (var i = 0; i < parts.Length; i++)
            {
                current = Path.Combine(current, parts[i]);
                if (Libc.statx(Libc.AT_FDCWD, current, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var st) < 0) break;
                if (st.IsWhiteout) return null;
                if (i == parts.Length - 1) return st.IsRegular ? File.ReadAllText(current) : null;
                if (!st.IsDirectory) return null;
                if (IsOpaque(current) && !ExistsNoFollow(Path.Combine(layer, string.Join('/', parts)))) return null;
            }
        }
        return null;
    }

    /// <summary>lstat, not stat: a symlink in a layer must not be followed out of it.</summary>
    static bool ExistsNoFollow(string path) =>
        Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out _) == 0;

    static unsafe bool IsOpaque(string dir)
    {
        byte value;
        return Libc.lgetxattr(dir, "trusted.overlay.opaque", &value, 1) == 1 && value == (byte)'y';
    }
}
