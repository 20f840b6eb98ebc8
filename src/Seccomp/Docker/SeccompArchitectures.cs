using System.Runtime.InteropServices;

namespace Berth.Seccomp;

/// <summary>
/// The three spellings of an architecture: Go's (what <c>docker info</c> and image platforms say: amd64),
/// docker's profile conditions (libseccomp's short names: amd64, x86, mipsel64) and the OCI/libseccomp
/// token (SCMP_ARCH_X86_64).
/// </summary>
public static class SeccompArchitectures
{
    /// <summary>Go names whose docker-profile name differs; every other name is the same in both.</summary>
    static readonly Dictionary<string, string> GoToDocker = new(StringComparer.Ordinal)
    {
        ["386"] = "x86",
        ["mips64p32"] = "mips64n32",
        ["mips64le"] = "mipsel64",
        ["mips64p32le"] = "mipsel64n32",
        ["mipsle"] = "mipsel",
    };

    static readonly Dictionary<string, string> DockerToScmp = new(StringComparer.Ordinal)
    {
        ["x86"] = "SCMP_ARCH_X86",
        ["amd64"] = "SCMP_ARCH_X86_64",
        ["x32"] = "SCMP_ARCH_X32",
        ["arm"] = "SCMP_ARCH_ARM",
        ["arm64"] = "SCMP_ARCH_AARCH64",
        ["loong64"] = "SCMP_ARCH_LOONGARCH64",
        ["mips"] = "SCMP_ARCH_MIPS",
        ["mips64"] = "SCMP_ARCH_MIPS64",
        ["mips64n32"] = "SCMP_ARCH_MIPS64N32",
        ["mipsel"] = "SCMP_ARCH_MIPSEL",
        ["mipsel64"] = "SCMP_ARCH_MIPSEL64",
        ["mipsel64n32"] = "SCMP_ARCH_MIPSEL64N32",
        ["ppc"] = "SCMP_ARCH_PPC",
        ["ppc64"] = "SCMP_ARCH_PPC64",
        ["ppc64le"] = "SCMP_ARCH_PPC64LE",
        ["riscv64"] = "SCMP_ARCH_RISCV64",
        ["s390"] = "SCMP_ARCH_S390",
        ["s390x"] = "SCMP_ARCH_S390X",
    };

    /// <summary>This machine's architecture in Go's naming, the form <see cref="DockerProfile.Resolve"/> takes.</summary>
    public static string Host => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "386",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loong64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>Go's or docker's name to docker's; unknown names pass through unchanged.</summary>
    public static string ToDockerName(string architecture)
    {
        var name = architecture.Trim().ToLowerInvariant();
        if (name == "loongarch64") name = "loong64";
        return GoToDocker.GetValueOrDefault(name, name);
    }

    /// <summary>The SCMP_ARCH_ token for a Go or docker name, or null when seccomp knows no such architecture.</summary>
    public static string? ToScmpArch(string architecture) => DockerToScmp.GetValueOrDefault(ToDockerName(architecture));
}
