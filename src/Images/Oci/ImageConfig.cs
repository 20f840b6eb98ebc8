using System.Text.Json.Serialization;

namespace Berth.Images.Oci;

/// <summary>
/// The image config blob (OCI image-spec "config", which docker's format extends). Its digest is
/// the image ID. Top-level names are lowercase, the run config's are PascalCase, as the spec has them.
/// </summary>
public sealed record ImageConfig
{
    [JsonPropertyName("created")] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "amd64";
    [JsonPropertyName("os")] public string Os { get; init; } = "linux";
    [JsonPropertyName("variant")] public string? Variant { get; init; }
    [JsonPropertyName("config")] public RunConfig? Config { get; init; }
    [JsonPropertyName("rootfs")] public RootFs RootFs { get; init; } = new();
    [JsonPropertyName("history")] public List<HistoryEntry>? History { get; init; }
    /// <summary>docker's fields, kept so that inspect shows what docker shows.</summary>
    [JsonPropertyName("comment")] public string? Comment { get; init; }
    [JsonPropertyName("docker_version")] public string? DockerVersion { get; init; }
    /// <summary>docker commit's source container (docker before v25 wrote it; berth does not, so commits stay reproducible).</summary>
    [JsonPropertyName("container")] public string? Container { get; init; }
}

/// <summary>The defaults a container inherits from its image.</summary>
public sealed record RunConfig
{
    public string? User { get; init; }
    public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public List<string>? Env { get; init; }
    public List<string>? Entrypoint { get; init; }
    public List<string>? Cmd { get; init; }
    public Dictionary<string, EmptyObject>? Volumes { get; init; }
    public string? WorkingDir { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public string? StopSignal { get; init; }
    public bool? ArgsEscaped { get; init; }
    public HealthConfig? Healthcheck { get; init; }
    public List<string>? OnBuild { get; init; }
    public List<string>? Shell { get; init; }
}

/// <summary>docker's HEALTHCHECK: durations in nanoseconds, Test ["NONE"] | ["CMD", …] | ["CMD-SHELL", cmd].</summary>
public sealed record HealthConfig
{
    public List<string>? Test { get; init; }
    public long? Interval { get; init; }
    public long? Timeout { get; init; }
    public long? StartPeriod { get; init; }
    public long? StartInterval { get; init; }
    public int? Retries { get; init; }
}

/// <summary>JSON's {}: the value type of docker's port and volume sets.</summary>
public sealed record EmptyObject;

public sealed record RootFs
{
    [JsonPropertyName("type")] public string Type { get; init; } = "layers";
    [JsonPropertyName("diff_ids")] public List<string> DiffIds { get; init; } = [];
}

public sealed record HistoryEntry
{
    [JsonPropertyName("created")] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("created_by")] public string? CreatedBy { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("comment")] public string? Comment { get; init; }
    [JsonPropertyName("empty_layer")] public bool? EmptyLayer { get; init; }
}
