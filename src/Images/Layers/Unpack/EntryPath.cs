namespace Berth.Images.Layers.Unpack;

/// <summary>
/// Lexical rules for names inside a layer. A cleaned path is relative to the layer root, has no
/// empty, "." or ".." components, and is "" for the root itself. These checks refuse hostile names
/// early with a clear message; the confinement itself comes from openat2(RESOLVE_IN_ROOT).
/// </summary>
static class EntryPath
{
    /// <summary>
    /// Cleans a tar name; false when ".." climbs above the root. A leading "/" means the root, where
    /// ".." stays (as the kernel and Go's filepath.Clean treat "/..").
    /// </summary>
    public static bool TryClean(string name, out string cleaned)
    {
        var rooted = name.StartsWith('/');
        var trimmed = TrimCurrentDirectoryPrefix(name).TrimEnd('/');
        if (IsAlreadyClean(trimmed))
        {
            cleaned = trimmed.Length == name.Length ? name : trimmed.ToString();
            return true;
        }
        return TryCleanSlowly(trimmed, rooted, out cleaned);
    }

    /// <summary>Drops leading "/" and "./" (GNU tar writes "./usr/…"), so that the common names stay on the fast path.</summary>
    static ReadOnlySpan<char> TrimCurrentDirectoryPrefix(string name)
    {
        var span = name.AsSpan();
        while (true)
        {
            if (span.StartsWith('/')) span = span[1..];
            else if (span.StartsWith("./")) span = span[2..];
            else return span is "." ? [] : span;
        }
    }

    /// <summary>The common case, checked without allocating: no empty, "." or ".." components.</summary>
    static bool IsAlreadyClean(ReadOnlySpan<char> path)
    {
        foreach (var range in path.Split('/'))
            if (IsSpecial(path[range])) return false;
        return true;
    }

    static bool IsSpecial(ReadOnlySpan<char> component) => component is "" or "." or "..";

    static bool TryCleanSlowly(ReadOnlySpan<char> path, bool rooted, out string cleaned)
    {
        cleaned = "";
        var parts = new List<string>();
        foreach (var range in path.Split('/'))
        {
            var component = path[range];
            if (component is "" or ".") continue;
            if (component is "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                else if (!rooted) return false;
                continue;
            }
            parts.Add(component.ToString());
        }
        cleaned = string.Join('/', parts);
        return true;
    }

    /// <summary>
    /// Docker's breakout rule for symlinks: the target, resolved lexically from the link's directory
    /// (or from the root when absolute), must never climb above the root.
    /// </summary>
    public static bool SymlinkClimbsOut(string linkDirectory, string target)
    {
        if (target.StartsWith('/')) return false; // Resolved from the root, where ".." stays at the root.
        var depth = Depth(linkDirectory);
        var span = target.AsSpan();
        foreach (var range in span.Split('/'))
        {
            var component = span[range];
            if (component is "" or ".") continue;
            depth += component is ".." ? -1 : 1;
            if (depth < 0) return true;
        }
        return false;
    }

    static int Depth(string cleaned) => cleaned.Length == 0 ? 0 : cleaned.AsSpan().Count('/') + 1;

    /// <summary>Splits a cleaned, non-root path into its parent ("" for the root) and its last component.</summary>
    public static (string Parent, string Name) Split(string cleaned)
    {
        var slash = cleaned.LastIndexOf('/');
        return slash < 0 ? ("", cleaned) : (cleaned[..slash], cleaned[(slash + 1)..]);
    }
}
