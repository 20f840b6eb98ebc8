namespace Berth.Build.Context;

/// <summary>
/// .dockerignore semantics: patterns apply in order and the last one matching a path decides, so
/// "!keep" re-includes what an earlier pattern excluded. A pattern matching a directory excludes
/// everything under it.
/// </summary>
public sealed class DockerIgnore(IReadOnlyList<IgnorePattern> patterns)
{
    public static readonly DockerIgnore None = new([]);

    public IReadOnlyList<IgnorePattern> Patterns => patterns;
    public bool HasExceptions { get; } = patterns.Any(p => p.IsException);

    public static DockerIgnore Parse(string text) =>
        new(text.Replace("\r\n", "\n").Split('\n').Select(IgnorePattern.Parse).OfType<IgnorePattern>().ToList());

    /// <summary>
    /// The ignore file for a Dockerfile: "NAME.dockerignore" beside it wins over the context's
    /// ".dockerignore", as BuildKit reads them.
    /// </summary>
    public static DockerIgnore Load(string contextDir, string? dockerfilePath)
    {
        if (dockerfilePath is not null)
        {
            var specific = dockerfilePath + ".dockerignore";
            if (File.Exists(specific)) return Parse(File.ReadAllText(specific));
        }
        var general = Path.Combine(contextDir, ".dockerignore");
        return File.Exists(general) ? Parse(File.ReadAllText(general)) : None;
    }

    /// <summary>True when the context-relative path (no leading "/") is left out of the context.</summary>
    public bool Excludes(string relativePath)
    {
        var excluded = false;
        foreach (var pattern in patterns)
            if (pattern.IsException == excluded && pattern.Matches(relativePath)) excluded = !pattern.IsException;
        return excluded;
    }

    /// <summary>
    /// Whether a walk may skip an excluded directory whole: only when no exception could re-include
    /// something below it.
    /// </summary>
    public bool CanSkipDirectory(string relativePath) =>
        !HasExceptions || !patterns.Any(p => p.IsException && (p.Text.StartsWith(relativePath + "/", StringComparison.Ordinal) || p.Text.Contains('*')));
}
