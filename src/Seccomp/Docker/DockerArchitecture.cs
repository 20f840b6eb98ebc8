namespace Berth.Seccomp;

/// <summary>
/// An <c>archMap</c> entry of a docker profile: on a host whose architecture is <see cref="Architecture"/>,
/// the filter also accepts the <see cref="SubArchitectures"/> (e.g. 32-bit x86 binaries on x86_64).
/// </summary>
public sealed record DockerArchitecture
{
    public required string Architecture { get; init; }
    public IReadOnlyList<string>? SubArchitectures { get; init; }
}
