using Berth.Build.Cache;
using Berth.Build.Context;
using Berth.Build.Dockerfile;
using Berth.Build.Progress;
using Berth.Engine;
using Berth.Images.Store;

namespace Berth.Build.Steps;

/// <summary>What every step of one build shares: the stores, the cache, the context, the progress view, the stages built so far.</summary>
public sealed class BuildSession
{
    public required BerthPaths Paths { get; init; }
    public required ImageStore Images { get; init; }
    public required BuildCache Cache { get; init; }
    public required FileHashCache Hashes { get; init; }
    public required IBuildProgress Progress { get; init; }
    public required BuildRequest Request { get; init; }
    public required StagePlan Plan { get; init; }
    public required ShellLex Lex { get; init; }
    public required char Escape { get; init; }
    /// <summary>The context as COPY sees it; null when the build has no context (a Dockerfile on stdin).</summary>
    public SourceTree? Context { get; init; }
    public DockerIgnore ContextIgnore { get; init; } = DockerIgnore.None;
    /// <summary>ARGs before the first FROM, with their values: FROM lines see them, stages only by redeclaring.</summary>
    public required IReadOnlyDictionary<string, string?> GlobalArgs { get; init; }
    /// <summary>A stage's finished state, built on first request (and shared by every later one).</summary>
    public required Func<Stage, Task<BuildState>> StageResult { get; init; }
}
