namespace Berth.Seccomp.Tests;

public class DefaultProfileTests
{
    static readonly Version Kernel = new(6, 1);
    readonly LinuxSeccomp profile = DockerProfile.ResolveDefault(DockerCapabilities.Default, "amd64", Kernel);

    [Fact]
    public void Denies_with_EPERM_by_default_on_all_three_x86_ABIs()
    {
        Assert.Equal(SeccompActions.Errno, profile.DefaultAction);
        Assert.Equal(1u, profile.DefaultErrnoRet);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], profile.Architectures);
    }

    [Theory]
    [InlineData("read")] [InlineData("write")] [InlineData("execve")] [InlineData("openat")] [InlineData("futex")]
    [InlineData("mmap")] [InlineData("exit_group")] [InlineData("chown32")] [InlineData("chroot")]
    [InlineData("arch_prctl")] [InlineData("modify_ldt")] [InlineData("ptrace")] [InlineData("rt_tgsigqueueinfo")]
    public void Allows_everyday_syscalls(string name) => Assert.True(profile.AllowsUnconditionally(name), name);

    [Theory]
    [InlineData("mount")] [InlineData("umount2")] [InlineData("reboot")] [InlineData("kexec_load")] [InlineData("unshare")]
    [InlineData("bpf")] [InlineData("setns")] [InlineData("io_uring_setup")] [InlineData("open_by_handle_at")]
    [InlineData("init_module")] [InlineData("settimeofday")] [InlineData("kcmp")] [InlineData("cacheflush")]
    [InlineData("swapon")] [InlineData("keyctl")] [InlineData("add_key")] [InlineData("userfaultfd")]
    public void Leaves_dangerous_syscalls_to_the_default_action(string name) => Assert.False(profile.Mentions(name), name);

    [Fact]
    public void Clone_is_allowed_only_without_namespace_flags()
    {
        var rule = Assert.Single(profile.RulesFor("clone"));
        var arg = Assert.Single(rule.Args!);
        Assert.Equal(SeccompActions.Allow, rule.Action);
        Assert.Equal((0u, SeccompOperators.MaskedEqual, 0x7E020000ul, 0ul), (arg.Index, arg.Op, arg.Value, arg.ValueTwo));
    }

    [Fact]
    public void Clone3_fails_with_ENOSYS_so_libc_falls_back_to_clone()
    {
        var rule = Assert.Single(profile.RulesFor("clone3"));
        Assert.Equal((SeccompActions.Errno, 38u), (rule.Action, rule.ErrnoRet));
    }

    [Fact]
    public void Personality_allows_only_the_harmless_personas()
    {
        var values = profile.RulesFor("personality").Select(rule => Assert.Single(rule.Args!))
            .Select(arg => (arg.Op, arg.Value)).ToArray();
        Assert.Equal([(SeccompOperators.Equal, 0x0ul), (SeccompOperators.Equal, 0x8ul), (SeccompOperators.Equal, 0x20000ul),
            (SeccompOperators.Equal, 0x20008ul), (SeccompOperators.Equal, 0xffffffffUL)], values);
    }

    [Fact]
    public void Socket_refuses_AF_ALG_and_AF_VSOCK_only()
    {
        var conditions = profile.RulesFor("socket").Select(rule => Assert.Single(rule.Args!)).ToArray();
        bool Allowed(ulong family) => conditions.Any(c => c.Op switch
        {
            SeccompOperators.LessThan => family < c.Value,
            SeccompOperators.Equal => family == c.Value,
            SeccompOperators.GreaterThan => family > c.Value,
            _ => throw new InvalidOperationException(c.Op),
        });
        Assert.All(new ulong[] { 1, 2, 10, 16, 17, 37, 39, 41, 45 }, family => Assert.True(Allowed(family), $"family {family}"));
        Assert.False(Allowed(38)); // AF_ALG
        Assert.False(Allowed(40)); // AF_VSOCK
    }

    [Fact]
    public void CAP_SYS_ADMIN_brings_mount_unshare_and_plain_clone_in()
    {
        var admin = DockerProfile.ResolveDefault(DockerCapabilities.DefaultPlus("CAP_SYS_ADMIN"), "amd64", Kernel);
        Assert.All(new[] { "mount", "umount2", "unshare", "setns", "clone", "clone3", "bpf", "sethostname" },
            name => Assert.True(admin.AllowsUnconditionally(name), name));
        Assert.DoesNotContain(admin.RulesFor("clone"), rule => rule.Args is { Count: > 0 });
        Assert.DoesNotContain(admin.RulesFor("clone3"), rule => rule.Action == SeccompActions.Errno);
        Assert.False(admin.Mentions("reboot"));
    }

    [Theory]
    [InlineData("CAP_SYS_BOOT", "reboot")]
    [InlineData("CAP_SYS_MODULE", "finit_module")]
    [InlineData("CAP_SYS_PTRACE", "process_madvise")]
    [InlineData("CAP_SYS_TIME", "clock_settime")]
    [InlineData("CAP_DAC_READ_SEARCH", "open_by_handle_at")]
    [InlineData("CAP_BPF", "bpf")]
    [InlineData("SYS_NICE", "mbind")] // the short form names the same capability
    public void Each_capability_opens_its_own_syscalls(string capability, string name)
    {
        Assert.False(profile.Mentions(name));
        Assert.True(DockerProfile.ResolveDefault(DockerCapabilities.DefaultPlus(capability), "amd64", Kernel).AllowsUnconditionally(name));
    }

    [Fact]
    public void Without_CAP_SYS_CHROOT_chroot_is_denied()
    {
        var caps = DockerCapabilities.Default.Where(c => c != "CAP_SYS_CHROOT").ToHashSet();
        Assert.False(DockerProfile.ResolveDefault(caps, "amd64", Kernel).Mentions("chroot"));
    }

    [Fact]
    public void Ptrace_needs_kernel_4_8_without_CAP_SYS_PTRACE()
    {
        Assert.False(DockerProfile.ResolveDefault(DockerCapabilities.Default, "amd64", new Version(4, 4)).Mentions("ptrace"));
        Assert.True(DockerProfile.ResolveDefault(DockerCapabilities.Default, "amd64", new Version(4, 8)).AllowsUnconditionally("ptrace"));
    }

    [Fact]
    public void Arm64_gets_its_own_architectures_and_syscalls()
    {
        var arm = DockerProfile.ResolveDefault(DockerCapabilities.Default, "arm64", Kernel);
        Assert.Equal(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], arm.Architectures);
        Assert.True(arm.AllowsUnconditionally("cacheflush"));
        Assert.False(arm.Mentions("arch_prctl"));
    }

    [Fact]
    public void S390x_checks_clone_flags_in_the_second_argument()
    {
        var s390x = DockerProfile.ResolveDefault(DockerCapabilities.Default, "s390x", Kernel);
        Assert.Equal(1u, Assert.Single(Assert.Single(s390x.RulesFor("clone")).Args!).Index);
    }

    [Fact]
    public void Without_a_kernel_the_hosts_is_used()
    {
        var host = DockerProfile.ResolveDefault(DockerCapabilities.Default);
        Assert.True(host.AllowsUnconditionally("ptrace")); // every machine berth supports runs 4.8 or later
    }

    [Fact]
    public void Every_allowlisted_name_appears_once()
    {
        var names = DockerProfile.Default.Syscalls![0].Names!;
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.True(names.Count > 350, $"{names.Count} names");
    }
}
