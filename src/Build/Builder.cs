using Berth.Build.Cache;
using Berth.Build.Context;
using Berth.Build.Dockerfile;
using Berth.Build.Progress;
using Berth.Build.Steps;
using Berth.Engine;
using Berth.Images.Content;
using Berth.Images.Import;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Sys.Errors;

namespace Berth.Build;

/// <summary>
/// `berth build`: parses the Dockerfile, works out which stages the target needs (following FROM,
/// COPY --from and RUN --mount from=), builds those, independent ones in parallel, and writes the
/// target stage as an image. Holds the store's lease throughout, so no collection removes a layer
/// the build has made but not yet referenced.
/// </summary>
public sealed class Builder(BerthPaths paths, ImageStore images, IBuildProgress progress)
{
    public static string CacheRoot(BerthPaths paths) => Path.Combine(paths.Root, "build-cache");

    public Digest Build(BuildRequest request)
    {
        var tags = request.Tags.Select(t => ImageReference.Parse(t)).ToList();
        var parsed = DockerfileParser.Parse(request.DockerfileText);
        var lex = new ShellLex(parsed.Escape);
        var plan = StagePlan.From(parsed, from => StageName(from, parsed.Escape));
        var globals = GlobalArgs(plan, request, lex, parsed.Escape);
        var target = Target(plan, request.Target);
        using var lease = images.Leases.Acquire();
        RunSandbox.SweepAbandoned(paths);
        var ignore = request.ContextDir is null ? DockerIgnore.None : DockerIgnore.Load(request.ContextDir, request.DockerfilePath);
        var hashes = new FileHashCache(Path.Combine(CacheRoot(paths), "files", "hashes"));
        var results = new Dictionary<int, Lazy<Task<BuildState>>>();
        BuildSession? session = null;
        Task<BuildState> Result(Stage stage)
        {
            lock (results)
            {
                if (!results.TryGetValue(stage.Index, out var lazy))
                    results[stage.Index] = lazy = new Lazy<Task<BuildState>>(() => Task.Run(() => new StageBuilder(session!, stage).Build()));
                return lazy.Value;
            }
        }
        session = new BuildSession
        {
            Paths = paths,
            Images = images,
            Cache = new BuildCache(CacheRoot(paths), images),
            Hashes = hashes,
            Progress = progress,
            Request = request,
            Plan = plan,
            Lex = lex,
            Escape = parsed.Escape,
            Context = request.ContextDir is null ? null : SourceTree.Context(request.ContextDir, ignore),
            ContextIgnore = ignore,
            GlobalArgs = globals,
            StageResult = Result,
        };
        // Start every stage the target depends on now, so that independent ones run side by side.
        foreach (var stage in StageGraph.Needed(plan, target, lex, globals, parsed.Escape)) _ = Result(stage);
        BuildState final;
        try
        {
            final = Result(target).GetAwaiter().GetResult();
        }
        finally
        {
            WaitAll(results);
            hashes.Save();
        }
        if (request.Labels.Count > 0)
            final.Config = final.Config with { Labels = new Dictionary<string, string>(final.Config.Labels ?? []).Concat(request.Labels).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value) };
        return ImageWriter.Write(images, final, tags);
    }

    /// <summary>A failed stage must not leave siblings running on after the build returns: wait them out.</summary>
    static void WaitAll(Dictionary<int, Lazy<Task<BuildState>>> results)
    {
        List<Task<BuildState>> tasks;
        lock (results) tasks = results.Values.Where(l => l.IsValueCreated).Select(l => l.Value).ToList();
        try { Task.WaitAll(tasks); }
        catch (AggregateException) { }
    }

    static string? StageName(InstructionNode from, char escape)
    {
        var words = KeyValueArgs.SplitKeepingQuotes(from.Arguments, escape);
        if (words.Count != 3) return null;
        var name = words[2].ToLowerInvariant();
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z][a-z0-9-_.]*$"))
            throw DockerfileError.At(from.Line, $"invalid name for build stage: \"{words[2]}\"", "stage names start with a letter and hold letters, digits, -, _ and .");
        return name;
    }

    static Dictionary<string, string?> GlobalArgs(StagePlan plan, BuildRequest request, ShellLex lex, char escape)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in PredefinedArgs.Platform(ImageImporter.CurrentArchitecture)) values[key] = value;
        foreach (var node in plan.GlobalArgs)
            foreach (var (key, raw) in KeyValueArgs.Parse(node, escape, allowLegacy: false, allowBare: true))
                values[key] = request.BuildArgs.TryGetValue(key, out var given) ? given
                    : raw is null ? values.GetValueOrDefault(key) : lex.ProcessWord(raw, n => values.GetValueOrDefault(n));
        return values;
    }

    static Stage Target(StagePlan plan, string? target)
    {
        if (target is null) return plan.Stages[^1];
        return plan.Find(target.ToLowerInvariant())
            ?? throw BerthException.Invalid($"target stage \"{target}\" could not be found: the Dockerfile's stages are {string.Join(", ", plan.Stages.Select(s => s.Name ?? s.Index.ToString()))}");
    }
}
