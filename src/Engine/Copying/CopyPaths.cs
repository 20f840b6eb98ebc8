namespace Berth.Engine.Copying;

/// <summary>Lexical rules for cp's paths: what a trailing "/" or "/." asks for, and cleaning without the kernel.</summary>
public static class CopyPaths
{
    /// <summary>A trailing "/" or "/." says the path must be a directory.</summary>
    public static bool AssertsDirectory(string path) => path.EndsWith('/') || MeansContents(path);

    /// <summary>"dir/." copies what is in dir, not dir itself.</summary>
    public static bool MeansContents(string path) => path == "." || path.EndsWith("/.", StringComparison.Ordinal);

    /// <summary>A container path as a path below its root: "/etc/../x/" is "x", "/" is "."; ".." stops at the root.</summary>
    public static string CleanRooted(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return parts.Count == 0 ? "." : string.Join('/', parts);
    }

    /// <summary>A host path without the trailing "/" and "/." that only say how to copy; the kernel resolves the rest.</summary>
    public static string CleanHost(string path)
    {
        var cleaned = path;
        while (true)
        {
            if (cleaned.EndsWith("/.", StringComparison.Ordinal)) cleaned = cleaned[..^2];
            else if (cleaned.Length > 1 && cleaned.EndsWith('/')) cleaned = cleaned[..^1];
            else break;
        }
        if (cleaned.Length == 0) return path.StartsWith('/') ? "/" : ".";
        return cleaned;
    }

    /// <summary>
    /// A cleaned path's parent and last name. A path that names a directory by itself ("/", ".", "..")
    /// has the name ".": the directory is its own target.
    /// </summary>
    public static (string Parent, string Name) Split(string cleaned)
    {
        var slash = cleaned.LastIndexOf('/');
        var name = cleaned[(slash + 1)..];
        if (name is "" or "." or "..") return (cleaned, ".");
        if (slash < 0) return (".", name);
        return (slash == 0 ? "/" : cleaned[..slash], name);
    }

    public static string Join(string directory, string relative)
    {
        if (relative.Length == 0) return directory;
        if (directory == ".") return relative;
        return directory.EndsWith('/') ? directory + relative : directory + "/" + relative;
    }
}
