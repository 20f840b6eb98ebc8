using Berth.Sys.Interop;

namespace Berth.Build.Context;

/// <summary>A file found in a <see cref="SourceTree"/>: where it is on the host, and its lstat.</summary>
public sealed record SourceEntry(string RelativePath, string HostPath, Libc.Statx Stat);

/// <summary>
/// What COPY reads from: the build context (one directory, minus what .dockerignore excludes) or
/// another stage or image (its layer directories, top first, with overlay whiteouts and opaque
/// directories honoured). Paths are relative and cleaned; nothing resolves outside the tree.
/// </summary>
public sealed class SourceTree(IReadOnlyList<string> layersTopFirst, DockerIgnore ignore)
{
    public static SourceTree Context(string directory, DockerIgnore ignore) => new([directory], ignore);
    public static SourceTree Layers(IReadOnlyList<string> layersTopFirst) => new(layersTopFirst, DockerIgnore.None);


    /// <summary>The entry at a cleaned relative path ("" is the root), or null when absent or excluded.</summary>
    public SourceEntry? Lookup(string relative)
    {
        if (relative.Length > 0 && ignore.Excludes(relative) && !IsDirectoryWithIncludedChildren(relative)) return null;
        var parts = relative.Length == 0 ? [] : relative.Split('/');
        foreach (var layer in layersTopFirst)
        {
            var current = layer;
            var hidden = false;
            for (var i = 0; i < parts.Length && !hidden; i++)
            {
                current = Path.Combine(current, parts[i]);
                if (Libc.statx(Libc.AT_FDCWD, current, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var st) < 0) break;
                if (st.IsWhiteout) return null;
                if (i == parts.Length - 1) return new SourceEntry(relative, current, st);
                if (!st.IsDirectory) return null;
                hidden = IsOpaque(current);
            }
            if (parts.Length == 0 && Libc.statx(Libc.AT_FDCWD, layer, 0, Libc.STATX_BASIC_STATS, out var root) == 0)
                return new SourceEntry("", layer, root);
            if (hidden) return null;
        }
        return null;
    }

    bool IsDirectoryWithIncludedChildren(string relative) =>
        ignore.HasExceptions && !ignore.CanSkipDirectory(relative);

    /// <summary>The names in a directory, merged over the layers, sorted; excluded ones left out.</summary>
    public List<string> List(string relative)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var gone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in layersTopFirst)
        {
            var dir = relative.Length == 0 ? layer : Path.Combine(layer, relative);
            if (Libc.statx(Libc.AT_FDCWD, dir, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var st) < 0 || !st.IsDirectory) continue;
            foreach (var path in Directory.EnumerateFileSystemEntries(dir))
            {
                var name = Path.GetFileName(path);
                if (gone.Contains(name) || names.Contains(name)) continue;
                if (Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var child) == 0 && child.IsWhiteout) gone.Add(name);
                else names.Add(name);
            }
            if (IsOpaque(dir)) break;
        }
        var result = new List<string>();
        foreach (var name in names)
        {
            var child = relative.Length == 0 ? name : $"{relative}/{name}";
            if (!ignore.Excludes(child) || IsDirectoryWithIncludedChildren(child)) result.Add(name);
        }
        return result;
    }

    /// <summary>Every entry under a directory (not the directory itself), parents before children.</summary>
    public IEnumerable<SourceEntry> Walk(string relative)
    {
        foreach (var name in List(relative))
        {
            var child = relative.Length == 0 ? name : $"{relative}/{name}";
            if (Lookup(child) is not { } entry) continue;
            var excluded = ignore.Excludes(child);
            if (!excluded) yield return entry;
            if (entry.Stat.IsDirectory)
                foreach (var below in Walk(child)) yield return below;
        }
    }

    static unsafe bool IsOpaque(string dir)
    {
        byte value;
        return Libc.lgetxattr(dir, "trusted.overlay.opaque", &value, 1) == 1 && value == (byte)'y';
    }
}
