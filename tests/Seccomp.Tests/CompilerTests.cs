using System.Buffers.Binary;
using Berth.Sys.Errors;

namespace Berth.Seccomp.Tests;

public class CompilerTests
{
    static readonly LinuxSeccomp DefaultProfile = DockerProfile.ResolveDefault(DockerCapabilities.Default, "amd64", new Version(6, 1));

    [Fact]
    public void Compiles_dockers_default_profile_to_whole_instructions()
    {
        var bpf = SeccompCompiler.Compile(DefaultProfile);
        Assert.NotEmpty(bpf);
        Assert.Equal(0, bpf.Length % 8);
        Assert.InRange(bpf.Length / 8, 50, SeccompCompiler.MaxInstructions);
    }

    [Fact]
    public void Is_deterministic() =>
        Assert.Equal(SeccompCompiler.Compile(DefaultProfile), SeccompCompiler.Compile(DefaultProfile));

    [Fact]
    public void Different_capabilities_give_different_programs()
    {
        var admin = DockerProfile.ResolveDefault(DockerCapabilities.DefaultPlus("CAP_SYS_ADMIN"), "amd64", new Version(6, 1));
        Assert.NotEqual(SeccompCompiler.Compile(DefaultProfile), SeccompCompiler.Compile(admin));
    }

    [Fact]
    public void Starts_with_the_ENOSYS_stub_for_syscalls_newer_than_the_profile()
    {
        var first = Instruction(SeccompCompiler.Compile(DefaultProfile), 0);
        Assert.Equal((0x20, 4u), (first.Code, first.K)); // ld [4]: the architecture
        var words = Enumerable.Range(0, 12).Select(i => Instruction(SeccompCompiler.Compile(DefaultProfile), i)).ToArray();
        Assert.Contains(words, w => w.Code == 0x06 && w.K == (0x0005_0000u | 38)); // ret ERRNO(ENOSYS)
    }

    [Fact]
    public void An_allow_by_default_profile_gets_no_stub()
    {
        var bpf = SeccompCompiler.Compile(new LinuxSeccomp
        {
            DefaultAction = SeccompActions.Allow,
            Syscalls = [new LinuxSyscall { Names = ["mount"], Action = SeccompActions.Errno }],
        });
        var words = Enumerable.Range(0, bpf.Length / 8).Select(i => Instruction(bpf, i));
        Assert.DoesNotContain(words, w => w.Code == 0x06 && w.K == (0x0005_0000u | 38));
    }

    [Fact]
    public void Skips_syscall_names_libseccomp_does_not_know()
    {
        var known = Profile([new LinuxSyscall { Names = ["read"], Action = SeccompActions.Allow }]);
        var withUnknown = Profile([new LinuxSyscall { Names = ["read", "no_such_syscall_xyz"], Action = SeccompActions.Allow }]);
        Assert.Equal(SeccompCompiler.Compile(known), SeccompCompiler.Compile(withUnknown));
    }

    [Fact]
    public void Conditions_on_one_argument_become_separate_rules_instead_of_failing()
    {
        var bpf = SeccompCompiler.Compile(Profile([new LinuxSyscall
        {
            Names = ["personality"], Action = SeccompActions.Allow,
            Args = [new() { Index = 0, Value = 0, Op = SeccompOperators.Equal }, new() { Index = 0, Value = 8, Op = SeccompOperators.Equal }],
        }]));
        Assert.Equal(0, bpf.Length % 8);
    }

    [Theory]
    [InlineData("SCMP_ACT_ALLOW")] [InlineData("SCMP_ACT_KILL")] [InlineData("SCMP_ACT_KILL_PROCESS")]
    [InlineData("SCMP_ACT_TRAP")] [InlineData("SCMP_ACT_LOG")] [InlineData("SCMP_ACT_TRACE")]
    public void Maps_every_action(string action) =>
        Assert.NotEmpty(SeccompCompiler.Compile(Profile([new LinuxSyscall { Names = ["getpid"], Action = action }])));

    [Theory]
    [InlineData("SCMP_CMP_NE")] [InlineData("SCMP_CMP_LT")] [InlineData("SCMP_CMP_LE")] [InlineData("SCMP_CMP_EQ")]
    [InlineData("SCMP_CMP_GE")] [InlineData("SCMP_CMP_GT")] [InlineData("SCMP_CMP_MASKED_EQ")]
    public void Maps_every_operator(string op) =>
        Assert.NotEmpty(SeccompCompiler.Compile(Profile([new LinuxSyscall
        {
            Names = ["kill"], Action = SeccompActions.Allow, Args = [new() { Index = 1, Value = 15, ValueTwo = 15, Op = op }],
        }])));

    [Theory]
    [InlineData("SCMP_ACT_BOGUS", null, null, "syscall \"getpid\": unknown action \"SCMP_ACT_BOGUS\"")]
    [InlineData("SCMP_ACT_NOTIFY", null, null, "SCMP_ACT_NOTIFY is not supported")]
    [InlineData("SCMP_ACT_ALLOW", 5u, null, "errnoRet is only valid with")]
    [InlineData("SCMP_ACT_ALLOW", null, "SCMP_CMP_ABOUT", "unknown operator \"SCMP_CMP_ABOUT\"")]
    public void Rejects_bad_rules_naming_the_syscall(string action, uint? errnoRet, string? op, string expected)
    {
        var rule = new LinuxSyscall
        {
            Names = ["getpid"], Action = action, ErrnoRet = errnoRet,
            Args = op is null ? null : [new() { Index = 0, Value = 1, Op = op }],
        };
        var error = Assert.ThrowsAny<BerthException>(() => SeccompCompiler.Compile(Profile([rule])));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Rejects_an_unknown_architecture()
    {
        var error = Assert.ThrowsAny<BerthException>(() => SeccompCompiler.Compile(new LinuxSeccomp
        {
            DefaultAction = SeccompActions.Errno, Architectures = ["SCMP_ARCH_VAX"],
        }));
        Assert.Contains("unknown architecture \"SCMP_ARCH_VAX\"", error.Message);
    }

    [Fact]
    public void Rejects_an_unknown_flag() =>
        Assert.Contains("unknown flag", Assert.ThrowsAny<BerthException>(() => SeccompCompiler.Compile(new LinuxSeccomp
        {
            DefaultAction = SeccompActions.Errno, Flags = ["SECCOMP_FILTER_FLAG_MAGIC"],
        })).Message);

    [Fact]
    public void Load_flags_come_from_the_profile() =>
        Assert.Equal(2u | 4u, SeccompFilterFlags.ToLoadFlags(new LinuxSeccomp
        {
            DefaultAction = SeccompActions.Errno, Flags = [SeccompFilterFlags.Log, SeccompFilterFlags.SpecAllow, SeccompFilterFlags.Tsync],
        }));

    static LinuxSeccomp Profile(LinuxSyscall[] rules) => new() { DefaultAction = SeccompActions.Errno, Syscalls = rules };

    static (ushort Code, byte Jt, byte Jf, uint K) Instruction(byte[] bpf, int index)
    {
        var bytes = bpf.AsSpan(index * 8, 8);
        return (BinaryPrimitives.ReadUInt16LittleEndian(bytes), bytes[2], bytes[3], BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]));
    }
}
