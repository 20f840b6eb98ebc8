using Berth.Engine.Containers;

namespace Berth.Engine.Lifecycle;

/// <summary>
/// What `create`/`run` asks for, as docker's create API carries it: the user's config and host
/// config before the image's defaults are merged in, plus the mount requests in their three syntaxes.
/// </summary>
public sealed record CreateRequest
{
    public string? Name { get; init; }
    public required string Image { get; init; }
    public ContainerConfig Config { get; init; } = new();
    public HostConfig Host { get; init; } = new();
    /// <summary>--entrypoint given (possibly empty, which clears the image's).</summary>
    public bool EntrypointSet { get; init; }
    /// <summary>-v values: "src:dst[:opts]", "name:dst", or "dst".</summary>
    public List<string> Volumes { get; init; } = [];
    /// <summary>--mount values: "type=bind,source=…,target=…[,readonly]".</summary>
    public List<string> MountFlags { get; init; } = [];
    /// <summary>--tmpfs values: "dst[:opts]".</summary>
    public List<string> Tmpfs { get; init; } = [];
    /// <summary>--network-alias: more names on the (user-defined) network.</summary>
    public List<string> NetworkAliases { get; init; } = [];
    /// <summary>--ip: a fixed address on the network.</summary>
    public string? IpAddress { get; init; }
}
