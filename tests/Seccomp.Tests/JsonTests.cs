using System.Text.Json;

namespace Berth.Seccomp.Tests;

public class JsonTests
{
    [Fact]
    public void Serializes_in_the_runtime_spec_shape_with_camelCase_and_no_nulls()
    {
        var profile = new LinuxSeccomp
        {
            DefaultAction = SeccompActions.Errno,
            Syscalls = [new LinuxSyscall { Names = ["clone"], Action = SeccompActions.Allow, Args = [new LinuxSeccompArg { Index = 0, Value = 8, Op = SeccompOperators.MaskedEqual }] }],
        };
        var json = JsonSerializer.Serialize(profile, SeccompJsonContext.Default.LinuxSeccomp);
        Assert.Equal("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["clone"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"op":"SCMP_CMP_MASKED_EQ"}]}]}""", json);
    }

    [Fact]
    public void Round_trips_the_resolved_default_profile()
    {
        var profile = DockerProfile.ResolveDefault(DockerCapabilities.Default, "amd64", new Version(6, 1));
        var json = JsonSerializer.Serialize(profile, SeccompJsonContext.Default.LinuxSeccomp);
        var back = JsonSerializer.Deserialize(json, SeccompJsonContext.Default.LinuxSeccomp)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, SeccompJsonContext.Default.LinuxSeccomp));
        Assert.Contains("\"defaultErrnoRet\":1", json);
        Assert.Contains("\"value\":4294967295", json);
    }
}
