namespace Berth.Build.Context;

/// <summary>Path cleaning as Go's filepath.Clean, for context-relative paths: no ".", "..", doubled or edge slashes.</summary>
public static class ContextPaths
{
    /// <summary>Cleans a path and makes it relative to the context root; ".." above the root is kept, for the caller to refuse.</summary>
    public static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else if (part == ".." && path.StartsWith('/')) continue; // "/.." is "/"
            else parts.Add(part);
        }
        return string.Join('/', parts);
    }

    public static bool EscapesRoot(string cleaned) => cleaned == ".." || cleaned.StartsWith("../", StringComparison.Ordinal);
}
