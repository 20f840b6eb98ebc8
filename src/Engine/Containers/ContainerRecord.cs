using System.Text.Json.Serialization;
using Berth.Images.Oci;

namespace Berth.Engine.Containers;

/// <summary>
/// A container as berth stores it, in the shape of docker's `inspect` output so that inspect and
/// --format templates see the fields docker users know. berth's own bookkeeping sits under "Berth".
/// </summary>
public sealed record ContainerRecord
{
    public string Id { get; init; } = "";
    public DateTimeOffset Created { get; init; }
    public string Path { get; init; } = "";
    public List<string> Args { get; init; } = [];
    public ContainerState State { get; init; } = new();
    public string Image { get; init; } = "";
    public string ResolvConfPath { get; init; } = "";
    public string HostnamePath { get; init; } = "";
    public string HostsPath { get; init; } = "";
    public string LogPath { get; init; } = "";
    /// <summary>docker's form: "/name".</summary>
    public string Name { get; init; } = "";
    public int RestartCount { get; init; }
    public string Driver { get; init; } = "overlay2";
    public string Platform { get; init; } = "linux";
    public string MountLabel { get; init; } = "";
    public string ProcessLabel { get; init; } = "";
    public string AppArmorProfile { get; init; } = "";
    public List<string>? ExecIDs { get; init; }
    public HostConfig HostConfig { get; init; } = new();
    public GraphDriverData GraphDriver { get; init; } = new();
    public List<MountPoint> Mounts { get; init; } = [];
    public ContainerConfig Config { get; init; } = new();
    public NetworkSettings NetworkSettings { get; init; } = new();
    public BerthData Berth { get; init; } = new();

    public string ShortName => Name.TrimStart('/');
}

/// <summary>What only berth needs: layer stack, the image name as typed, and stop bookkeeping.</summary>
public sealed record BerthData
{
    public List<string> LayerDiffIds { get; init; } = [];
    /// <summary>Set by `stop`/`kill` so that the monitor does not apply the restart policy.</summary>
    public bool StoppedByUser { get; init; }
    public bool HasBeenStarted { get; init; }
}

public sealed record ContainerState
{
    /// <summary>created, running, paused, restarting, removing, exited or dead.</summary>
    public string Status { get; init; } = "created";
    public bool Running { get; init; }
    public bool Paused { get; init; }
    public bool Restarting { get; init; }
    [JsonPropertyName("OOMKilled")] public bool OomKilled { get; init; }
    public bool Dead { get; init; }
    public int Pid { get; init; }
    public int ExitCode { get; init; }
    public string Error { get; init; } = "";
    public string StartedAt { get; init; } = ZeroTime;
    public string FinishedAt { get; init; } = ZeroTime;
    public HealthState? Health { get; init; }

    public const string ZeroTime = "0001-01-01T00:00:00Z";
}

public sealed record HealthState
{
    /// <summary>starting, healthy or unhealthy.</summary>
    public string Status { get; init; } = "starting";
    public int FailingStreak { get; init; }
    public List<HealthLogEntry> Log { get; init; } = [];
}

public sealed record HealthLogEntry(string Start, string End, int ExitCode, string Output);

public sealed record ContainerConfig
{
    public string Hostname { get; init; } = "";
    public string Domainname { get; init; } = "";
    public string User { get; init; } = "";
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }
    public List<string>? Env { get; init; }
    public List<string>? Cmd { get; init; }
    public HealthConfig? Healthcheck { get; init; }
    public string Image { get; init; } = "";
    public Dictionary<string, EmptyObject>? Volumes { get; init; }
    public string WorkingDir { get; init; } = "";
    public List<string>? Entrypoint { get; init; }
    public List<string>? OnBuild { get; init; }
    public Dictionary<string, string> Labels { get; init; } = [];
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }
}

public sealed record HostConfig
{
    public List<string>? Binds { get; init; }
    public string ContainerIDFile { get; init; } = "";
    public LogConfig LogConfig { get; init; } = new();
    public string NetworkMode { get; init; } = "default";
    /// <summary>docker's shape: "80/tcp" → [{HostIp, HostPort}]; HostPort "" means any free port, "8000-8010" one of a range.</summary>
    public Dictionary<string, List<PortBinding>>? PortBindings { get; init; }
    public bool PublishAllPorts { get; init; }
    public RestartPolicy RestartPolicy { get; init; } = new();
    public bool AutoRemove { get; init; }
    public List<string>? CapAdd { get; init; }
    public List<string>? CapDrop { get; init; }
    public List<string>? Dns { get; init; }
    public List<string>? DnsSearch { get; init; }
    public List<string>? ExtraHosts { get; init; }
    public List<string>? GroupAdd { get; init; }
    public bool Privileged { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public List<string>? SecurityOpt { get; init; }
    public Dictionary<string, string>? Tmpfs { get; init; }
    public long ShmSize { get; init; } = 64 * 1024 * 1024;
    public long Memory { get; init; }
    public long MemorySwap { get; init; }
    public long NanoCpus { get; init; }
    public long CpuShares { get; init; }
    public long CpuQuota { get; init; }
    public long CpuPeriod { get; init; }
    public long? PidsLimit { get; init; }
    public List<Ulimit>? Ulimits { get; init; }
    public List<MountSpec>? Mounts { get; init; }
    public bool? Init { get; init; }
}

public sealed record LogConfig
{
    public string Type { get; init; } = "json-file";
    public Dictionary<string, string> Config { get; init; } = [];
}

public sealed record RestartPolicy
{
    /// <summary>"", "no", "always", "unless-stopped" or "on-failure".</summary>
    public string Name { get; init; } = "no";
    public int MaximumRetryCount { get; init; }
}

public sealed record Ulimit(string Name, long Soft, long Hard);

/// <summary>A --mount / -v / --tmpfs request, as docker's HostConfig.Mounts holds it.</summary>
public sealed record MountSpec
{
    /// <summary>bind, volume or tmpfs.</summary>
    public string Type { get; init; } = "volume";
    public string Source { get; init; } = "";
    public string Target { get; init; } = "";
    public bool ReadOnly { get; init; }
    public string? BindPropagation { get; init; }
    public bool NoCopy { get; init; }
    public long? TmpfsSize { get; init; }
    public uint? TmpfsMode { get; init; }
}

/// <summary>A resolved mount as inspect's "Mounts" lists it.</summary>
public sealed record MountPoint
{
    public string Type { get; init; } = "";
    public string? Name { get; init; }
    public string Source { get; init; } = "";
    public string Destination { get; init; } = "";
    public string? Driver { get; init; }
    public string Mode { get; init; } = "";
    public bool RW { get; init; }
    public string Propagation { get; init; } = "";
}

public sealed record GraphDriverData
{
    public Dictionary<string, string> Data { get; init; } = [];
    public string Name { get; init; } = "overlay2";
}

public sealed record NetworkSettings
{
    public string Bridge { get; init; } = "";
    public string SandboxID { get; init; } = "";
    public Dictionary<string, List<PortBinding>?> Ports { get; init; } = [];
    public string SandboxKey { get; init; } = "";
    public string IPAddress { get; init; } = "";
    public string Gateway { get; init; } = "";
    public string MacAddress { get; init; } = "";
    public Dictionary<string, EndpointSettings> Networks { get; init; } = [];
}

public sealed record PortBinding(string HostIp, string HostPort);

public sealed record EndpointSettings
{
    public List<string>? Aliases { get; init; }
    /// <summary>--ip: the address asked for on this network (docker's IPAMConfig.IPv4Address).</summary>
    public string? RequestedAddress { get; init; }
    public string NetworkID { get; init; } = "";
    public string EndpointID { get; init; } = "";
    public string Gateway { get; init; } = "";
    public string IPAddress { get; init; } = "";
    public int IPPrefixLen { get; init; }
    public string MacAddress { get; init; } = "";
}
