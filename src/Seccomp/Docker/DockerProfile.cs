using System.Text.Json;
using Berth.Sys.Errors;

namespace Berth.Seccomp;

/// <summary>
/// A seccomp profile in docker's format, the one <c>--security-opt seccomp=FILE</c> takes: an OCI profile whose
/// rules carry includes/excludes conditions and whose architectures may be an <c>archMap</c> keyed by host.
/// A plain OCI <c>linux.seccomp</c> object is a valid docker profile too. <see cref="Resolve"/> turns it into the
/// OCI profile for one container, as dockerd does when it writes the container's config.json.
/// </summary>
public sealed record DockerProfile
{
    public string? DefaultAction { get; init; }
    public uint? DefaultErrnoRet { get; init; }

    /// <summary>OCI-style explicit architectures; a profile has these or <see cref="ArchMap"/>, not both.</summary>
    public IReadOnlyList<string>? Architectures { get; init; }

    public IReadOnlyList<DockerArchitecture>? ArchMap { get; init; }
    public IReadOnlyList<string>? Flags { get; init; }
    public string? ListenerPath { get; init; }
    public string? ListenerMetadata { get; init; }
    public IReadOnlyList<DockerSyscallRule>? Syscalls { get; init; }

    /// <summary>Docker's default profile, as berth encodes it (see <see cref="DockerDefaultProfile"/>).</summary>
    public static DockerProfile Default { get; } = DockerDefaultProfile.Build();

    /// <summary>
    /// The OCI profile dockerd gives a container with these capabilities (its bounding set, "CAP_CHOWN" form)
    /// on a host of this architecture (Go's naming: amd64, arm64) and kernel (null: this host's).
    /// </summary>
    public static LinuxSeccomp ResolveDefault(IReadOnlySet<string> capabilities, string architecture = "amd64", Version? kernel = null) =>
        Default.Resolve(capabilities, architecture, kernel)!;

    /// <summary>Reads a profile file's text; throws an invalid-argument <see cref="BerthException"/> naming the problem.</summary>
    public static DockerProfile Parse(string json)
    {
        DockerProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, DockerProfileJsonContext.Default.DockerProfile);
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"decoding seccomp profile failed: {e.Message}");
        }
        if (profile is null) throw BerthException.Invalid("decoding seccomp profile failed: the profile is null");
        profile.Validate();
        return profile;
    }

    /// <summary>
    /// The OCI profile for a container with these capabilities on this host, or null when the profile
    /// disables seccomp (no default action and no rules, as dockerd reads it).
    /// </summary>
    public LinuxSeccomp? Resolve(IReadOnlySet<string> capabilities, string architecture = "amd64", Version? kernel = null)
    {
        if (string.IsNullOrEmpty(DefaultAction) && Syscalls is not { Count: > 0 }) return null;
        Validate();
        var target = ProfileTarget.Create(capabilities, architecture, kernel);
        var rules = new List<LinuxSyscall>();
        foreach (var rule in Syscalls ?? [])
        {
            if (rule.Excludes?.HoldsInPart(target) == true) continue;
            if (rule.Includes is not null && !rule.Includes.HoldsEntirely(target)) continue;
            rules.Add(new LinuxSyscall
            {
                Names = string.IsNullOrEmpty(rule.Name) ? rule.Names ?? [] : [rule.Name],
                Action = rule.Action,
                ErrnoRet = rule.ErrnoRet,
                Args = rule.Args,
            });
        }
        var architectures = ArchitecturesFor(target.Architecture);
        return new LinuxSeccomp
        {
            DefaultAction = DefaultAction!,
            DefaultErrnoRet = DefaultErrnoRet,
            Architectures = architectures.Count > 0 ? architectures : null,
            Flags = Flags,
            ListenerPath = ListenerPath,
            ListenerMetadata = ListenerMetadata,
            Syscalls = rules,
        };
    }

    /// <summary>The explicit list, or the archMap entry for the host: its architecture and sub-architectures.</summary>
    List<string> ArchitecturesFor(string dockerArchitecture)
    {
        var list = new List<string>(Architectures ?? []);
        var host = SeccompArchitectures.ToScmpArch(dockerArchitecture);
        var entry = ArchMap?.FirstOrDefault(a => a.Architecture == host);
        if (entry is not null)
        {
            list.Add(entry.Architecture);
            list.AddRange(entry.SubArchitectures ?? []);
        }
        return list;
    }

    /// <summary>The mistakes dockerd refuses, each reported in one line.</summary>
    void Validate()
    {
        if (Architectures is { Count: > 0 } && ArchMap is { Count: > 0 })
            throw BerthException.Invalid("seccomp profile: both 'architectures' and 'archMap' are specified, use either 'architectures' or 'archMap'");
        if (string.IsNullOrEmpty(DefaultAction) && Syscalls is { Count: > 0 })
            throw BerthException.Invalid("seccomp profile: 'defaultAction' is missing");
        foreach (var rule in Syscalls ?? [])
        {
            if (rule is null) throw BerthException.Invalid("seccomp profile: a syscall rule is null");
            if (!string.IsNullOrEmpty(rule.Name) && rule.Names is { Count: > 0 })
                throw BerthException.Invalid($"seccomp profile: rule for \"{rule.Name}\" has both 'name' and 'names', use either 'name' or 'names'");
            foreach (var condition in new[] { rule.Includes, rule.Excludes })
                if (!string.IsNullOrEmpty(condition?.MinKernel)) KernelVersion.ParseMinimum(condition.MinKernel);
        }
    }
}
