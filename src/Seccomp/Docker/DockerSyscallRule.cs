namespace Berth.Seccomp;

/// <summary>
/// A rule of a docker profile: an OCI rule plus the conditions under which it applies to a container.
/// </summary>
public sealed record DockerSyscallRule
{
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>The single-name form of old docker profiles; a rule may have it or <see cref="Names"/>, not both.</summary>
    public string? Name { get; init; }

    public required string Action { get; init; }
    public uint? ErrnoRet { get; init; }
    public IReadOnlyList<LinuxSeccompArg>? Args { get; init; }
    public string? Comment { get; init; }

    /// <summary>The rule applies only when all of these hold.</summary>
    public DockerRuleCondition? Includes { get; init; }

    /// <summary>The rule is dropped when any of these holds.</summary>
    public DockerRuleCondition? Excludes { get; init; }
}
