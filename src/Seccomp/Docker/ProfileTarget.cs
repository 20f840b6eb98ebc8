namespace Berth.Seccomp;

/// <summary>
/// What a docker profile is resolved for: the container's capabilities (its bounding set, as dockerd uses),
/// the host's architecture in docker's naming, and the host's kernel version.
/// </summary>
internal sealed record ProfileTarget(IReadOnlySet<string> Capabilities, string Architecture, Version Kernel)
{
    public static ProfileTarget Create(IReadOnlySet<string> capabilities, string architecture, Version? kernel) => new(
        capabilities.Select(NormalizeCapability).ToHashSet(StringComparer.Ordinal),
        SeccompArchitectures.ToDockerName(architecture),
        kernel ?? KernelVersion.Host());

    public bool HasCapability(string capability) => Capabilities.Contains(NormalizeCapability(capability));

    public bool KernelAtLeast(string minimum)
    {
        var wanted = KernelVersion.ParseMinimum(minimum);
        // Like dockerd: only the version and major revision count, so 5.8.0-rc1 meets "5.8".
        return Kernel.Major > wanted.Major || (Kernel.Major == wanted.Major && Kernel.Minor >= wanted.Minor);
    }

    /// <summary>"chown", "CHOWN" and "CAP_CHOWN" name one capability; docker's profiles use the last form.</summary>
    static string NormalizeCapability(string capability)
    {
        var upper = capability.Trim().ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
    }
}
