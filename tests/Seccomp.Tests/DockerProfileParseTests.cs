using Berth.Sys.Errors;

namespace Berth.Seccomp.Tests;

public class DockerProfileParseTests
{
    static readonly Version Kernel = new(6, 1);

    const string DockerFormat = """
        {
          "defaultAction": "SCMP_ACT_ERRNO",
          "defaultErrnoRet": 1,
          "archMap": [
            { "architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"] },
            { "architecture": "SCMP_ARCH_AARCH64", "subArchitectures": null }
          ],
          "syscalls": [
            { "names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "comment": "always" },
            { "name": "mount", "action": "SCMP_ACT_ALLOW", "includes": { "caps": ["CAP_SYS_ADMIN"] } },
            { "names": ["chmod"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "excludes": { "arches": ["arm64"] } },
            { "names": ["futex_waitv"], "action": "SCMP_ACT_ALLOW", "includes": { "minKernel": "5.16" } },
            { "names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [ { "index": 1, "value": 15, "op": "SCMP_CMP_EQ" } ] }
          ]
        }
        """;

    [Fact]
    public void Resolves_docker_conditions_for_the_container_and_host()
    {
        var resolved = DockerProfile.Parse(DockerFormat).Resolve(DockerCapabilities.Default, "amd64", Kernel)!;

        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], resolved.Architectures);
        Assert.Equal([["read", "write"], ["chmod"], ["futex_waitv"], ["kill"]], resolved.Syscalls!.Select(r => r.Names));
        Assert.Equal(13u, resolved.Syscalls![1].ErrnoRet);
        Assert.Equal(15ul, Assert.Single(resolved.Syscalls[3].Args!).Value);
    }

    [Fact]
    public void Conditions_follow_capabilities_architecture_and_kernel()
    {
        var profile = DockerProfile.Parse(DockerFormat);
        var onArm = profile.Resolve(DockerCapabilities.DefaultPlus("CAP_SYS_ADMIN"), "arm64", new Version(5, 10))!;

        Assert.Equal(["SCMP_ARCH_AARCH64"], onArm.Architectures);
        Assert.Equal([["read", "write"], ["mount"], ["kill"]], onArm.Syscalls!.Select(r => r.Names));
    }

    [Fact]
    public void Accepts_a_plain_OCI_profile()
    {
        const string oci = """
            { "defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "flags": ["SECCOMP_FILTER_FLAG_LOG"],
              "syscalls": [ { "names": ["unshare"], "action": "SCMP_ACT_ERRNO" } ] }
            """;
        var resolved = DockerProfile.Parse(oci).Resolve(DockerCapabilities.Default, "amd64", Kernel)!;

        Assert.Equal(["SCMP_ARCH_X86_64"], resolved.Architectures);
        Assert.Equal(["SECCOMP_FILTER_FLAG_LOG"], resolved.Flags);
        Assert.Equal(SeccompActions.Errno, Assert.Single(resolved.Syscalls!).Action);
    }

    [Fact]
    public void An_empty_profile_means_unconfined() =>
        Assert.Null(DockerProfile.Parse("{}").Resolve(DockerCapabilities.Default, "amd64", Kernel));

    [Fact]
    public void Keys_match_without_regard_to_case_like_dockerds_decoder()
    {
        var resolved = DockerProfile.Parse("""{ "DefaultAction": "SCMP_ACT_KILL", "Syscalls": [ { "Names": ["read"], "Action": "SCMP_ACT_ALLOW" } ] }""")
            .Resolve(DockerCapabilities.Default, "amd64", Kernel)!;
        Assert.Equal(SeccompActions.Kill, resolved.DefaultAction);
        Assert.Equal("read", Assert.Single(Assert.Single(resolved.Syscalls!).Names));
    }

    [Theory]
    [InlineData("""{ "defaultAction": "SCMP_ACT_ERRNO", "syscalls": [ { "name": "a", "names": ["b"], "action": "SCMP_ACT_ALLOW" } ] }""", "both 'name' and 'names'")]
    [InlineData("""{ "defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "archMap": [ { "architecture": "SCMP_ARCH_X86_64" } ] }""", "both 'architectures' and 'archMap'")]
    [InlineData("""{ "defaultAction": "SCMP_ACT_ERRNO", "syscalls": [ { "names": ["a"], "action": "SCMP_ACT_ALLOW", "includes": { "minKernel": "5" } } ] }""", "invalid minKernel \"5\"")]
    [InlineData("""{ "syscalls": [ { "names": ["a"], "action": "SCMP_ACT_ALLOW" } ] }""", "'defaultAction' is missing")]
    [InlineData("""{ "defaultAction": 3 }""", "decoding seccomp profile failed")]
    [InlineData("""{ "defaultAction": "SCMP_ACT_ERRNO", """, "decoding seccomp profile failed")]
    public void Rejects_malformed_profiles_in_one_line(string json, string expected)
    {
        var error = Assert.ThrowsAny<BerthException>(() => DockerProfile.Parse(json));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
