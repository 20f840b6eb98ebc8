using Berth.Build.Context;
using Berth.Build.Dockerfile;

namespace Berth.Build.Steps;

/// <summary>Where COPY --from and RUN --mount from= read: an earlier stage (by name or index) or a local image.</summary>
public static class CopySources
{
    public static BuildState StageOrImage(BuildSession session, InstructionNode node, string from)
    {
        if (session.Plan.Find(from) is { } stage) return session.StageResult(stage).GetAwaiter().GetResult();
        var image = session.Images.TryGet(from)
            ?? throw StepFailure.At(node, $"--from={from}: no stage or image named {from}", "name an earlier stage (FROM … AS NAME) or a local image");
        return new BuildState { DiffIds = [.. image.DiffIds], Key = "image:" + image.Id.Value };
    }

    /// <summary>The entries a source pattern names: one path, or every match of its wildcards, sorted.</summary>
    public static List<SourceEntry> Resolve(SourceTree tree, string pattern, InstructionNode node, string keyword)
    {
        var cleaned = ContextPaths.Clean(pattern);
        if (ContextPaths.EscapesRoot(cleaned))
            throw StepFailure.At(node, $"{keyword} failed: forbidden path outside the build context: {pattern}", "sources are relative to the context; move the file into it");
        if (cleaned.IndexOfAny(['*', '?', '[']) < 0)
        {
            var entry = tree.Lookup(cleaned)
                ?? throw StepFailure.At(node, $"{keyword} failed: file not found in build context or excluded by .dockerignore: stat {cleaned}: file does not exist",
                    "check the path, and that .dockerignore does not exclude it");
            return [entry];
        }
        var matches = Expand(tree, "", cleaned.Split('/'), 0).ToList();
        if (matches.Count == 0)
            throw StepFailure.At(node, $"{keyword} failed: no source files were specified matching {pattern}", "check the pattern, and that .dockerignore does not exclude the files");
        return matches;
    }

    static IEnumerable<SourceEntry> Expand(SourceTree tree, string prefix, string[] parts, int index)
    {
        var part = parts[index];
        IEnumerable<string> names = part.IndexOfAny(['*', '?', '[']) < 0 ? [part] : tree.List(prefix).Where(n => Glob.Matches(part, n));
        foreach (var name in names)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}/{name}";
            if (tree.Lookup(path) is not { } entry) continue;
            if (index == parts.Length - 1) yield return entry;
            else if (entry.Stat.IsDirectory)
                foreach (var below in Expand(tree, path, parts, index + 1)) yield return below;
        }
    }
}

/// <summary>Go's filepath.Match for one path component: *, ? and [classes].</summary>
public static class Glob
{
    public static bool Matches(string pattern, string name) => Context.GlobRegex.Compile(pattern, doubleStar: false).IsMatch(name);
}
