using System.Text.Json.Serialization;
using Berth.Seccomp;

namespace Berth.Runtime.Spec;

// The OCI runtime-spec config.json, as far as berth reads and writes it.
// Plain records with the spec's camelCase names (see RuntimeJson).

public sealed record OciSpec
{
    public string OciVersion { get; init; } = "1.2.0";
    public OciProcess? Process { get; init; }
    public OciRoot? Root { get; init; }
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }
    public List<OciMount>? Mounts { get; init; }
    public OciLinux? Linux { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }
}

public sealed record OciProcess
{
    public bool Terminal { get; init; }
    public OciBox? ConsoleSize { get; init; }
    public OciUser User { get; init; } = new();
    public List<string> Args { get; init; } = [];
    public List<string>? Env { get; init; }
    public string Cwd { get; init; } = "/";
    public OciCapabilities? Capabilities { get; init; }
    public List<OciRlimit>? Rlimits { get; init; }
    public bool NoNewPrivileges { get; init; }
    public int? OomScoreAdj { get; init; }
}

public sealed record OciBox(uint Height, uint Width);

public sealed record OciUser
{
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public uint? Umask { get; init; }
    public List<uint>? AdditionalGids { get; init; }
}

public sealed record OciCapabilities
{
    public List<string>? Bounding { get; init; }
    public List<string>? Effective { get; init; }
    public List<string>? Inheritable { get; init; }
    public List<string>? Permitted { get; init; }
    public List<string>? Ambient { get; init; }
}

public sealed record OciRlimit(string Type, ulong Hard, ulong Soft);

public sealed record OciRoot
{
    public string Path { get; init; } = "rootfs";
    public bool Readonly { get; init; }
}

public sealed record OciMount
{
    public string Destination { get; init; } = "";
    public string? Type { get; init; }
    public string? Source { get; init; }
    public List<string>? Options { get; init; }
}

public sealed record OciLinux
{
    public List<OciNamespace>? Namespaces { get; init; }
    public OciResources? Resources { get; init; }
    public string? CgroupsPath { get; init; }
    public List<OciDevice>? Devices { get; init; }
    public LinuxSeccomp? Seccomp { get; init; }
    public string? RootfsPropagation { get; init; }
    public List<string>? MaskedPaths { get; init; }
    public List<string>? ReadonlyPaths { get; init; }
    public Dictionary<string, string>? Sysctl { get; init; }
}

public sealed record OciNamespace(string Type, string? Path = null);

public sealed record OciResources
{
    public List<OciDeviceRule>? Devices { get; init; }
    public OciMemory? Memory { get; init; }
    public OciCpu? Cpu { get; init; }
    public OciPids? Pids { get; init; }
}

public sealed record OciMemory
{
    public long? Limit { get; init; }
    public long? Reservation { get; init; }
    /// <summary>Memory plus swap, as the spec defines it; -1 is unlimited.</summary>
    public long? Swap { get; init; }
    public ulong? Swappiness { get; init; }
    [JsonPropertyName("disableOOMKiller")] public bool? DisableOomKiller { get; init; }
}

public sealed record OciCpu
{
    public ulong? Shares { get; init; }
    public long? Quota { get; init; }
    public ulong? Period { get; init; }
    public string? Cpus { get; init; }
    public string? Mems { get; init; }
}

public sealed record OciPids(long Limit);

public sealed record OciDevice
{
    public string Path { get; init; } = "";
    public string Type { get; init; } = "c";
    public long Major { get; init; }
    public long Minor { get; init; }
    public uint? FileMode { get; init; }
    public uint? Uid { get; init; }
    public uint? Gid { get; init; }
}

public sealed record OciDeviceRule
{
    public bool Allow { get; init; }
    public string? Type { get; init; }
    public long? Major { get; init; }
    public long? Minor { get; init; }
    public string? Access { get; init; }
}
