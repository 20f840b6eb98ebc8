namespace Berth.Build;

/// <summary>Everything `berth build` was asked for.</summary>
public sealed record BuildRequest
{
    /// <summary>The context directory; null when the context is only a Dockerfile on stdin.</summary>
    public string? ContextDir { get; init; }
    public required string DockerfileText { get; init; }
    /// <summary>Where the Dockerfile lives on disk, for NAME.dockerignore; null when it came from stdin.</summary>
    public string? DockerfilePath { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();
    public string? Target { get; init; }
    public bool NoCache { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();
    public string Network { get; init; } = "default";
    /// <summary>
    /// Fetches a FROM image the store lacks, as docker build does. Build knows nothing of registries
    /// (it depends on Engine and Images only), so the CLI supplies the pull.
    /// </summary>
    public Action<string>? PullBaseImage { get; init; }
}
