namespace Berth.Seccomp;

/// <summary>
/// The <c>includes</c>/<c>excludes</c> of a docker rule: capabilities of the container, architecture and
/// minimum kernel ("5.8": only the version and major revision count) of the host.
/// </summary>
public sealed record DockerRuleCondition
{
    public IReadOnlyList<string>? Caps { get; init; }

    /// <summary>Docker's architecture names: amd64, x86, x32, arm64, arm, s390x, ppc64le, riscv64…</summary>
    public IReadOnlyList<string>? Arches { get; init; }

    public string? MinKernel { get; init; }

    /// <summary>As <c>includes</c>: every listed condition holds (an empty condition holds).</summary>
    internal bool HoldsEntirely(ProfileTarget target) =>
        (Arches is not { Count: > 0 } || Arches.Contains(target.Architecture))
        && (Caps ?? []).All(target.HasCapability)
        && (string.IsNullOrEmpty(MinKernel) || target.KernelAtLeast(MinKernel));

    /// <summary>As <c>excludes</c>: any listed condition holds.</summary>
    internal bool HoldsInPart(ProfileTarget target) =>
        (Arches ?? []).Contains(target.Architecture)
        || (Caps ?? []).Any(target.HasCapability)
        || (!string.IsNullOrEmpty(MinKernel) && target.KernelAtLeast(MinKernel));
}
