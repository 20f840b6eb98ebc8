using Berth.Sys.Interop;

namespace Berth.Seccomp.Tests;

/// <summary>The compiled programs under the real kernel (tests run as root on x86_64).</summary>
public sealed class KernelTests : IDisposable
{
    const int EPERM = 1, ENOSYS = 38;
    readonly string directory = Path.Combine(Path.GetTempPath(), $"berth-seccomp-kernel-{Guid.NewGuid():N}");

    public KernelTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Without_a_filter_the_probed_calls_reach_the_kernel()
    {
        var results = FilterProbe.Run("none");
        Assert.Equal(0, results["getpid"]);
        Assert.Equal(0, results["unshare_uts"]); // root may unshare
        Assert.NotEqual(ENOSYS, results["clone3"]); // EINVAL for the empty arguments
        Assert.Equal(0, results["personality_no_randomize"]);
    }

    [Fact]
    public void Dockers_default_profile_denies_with_EPERM_and_allows_the_rest()
    {
        var results = FilterProbe.Run(Write(DockerProfile.ResolveDefault(DockerCapabilities.Default)));

        Assert.Equal(0, results["getpid"]);
        Assert.Equal(EPERM, results["unshare_uts"]);
        Assert.Equal(ENOSYS, results["clone3"]);
        Assert.Equal(0, results["personality_query"]);
        Assert.Equal(EPERM, results["personality_no_randomize"]);
        Assert.Equal(EPERM, results["socket_vsock"]);
        Assert.Equal(0, results["socket_unix"]);
    }

    [Fact]
    public void Syscalls_beyond_the_profiles_highest_fail_with_ENOSYS_those_within_with_the_default()
    {
        // The highest syscall this profile names is newfstatat (262 on x86_64): unshare (272) and clone3 (435)
        // lie beyond it, as a syscall newer than the profile would; personality (135) and socket (41) within.
        var minimal = new LinuxSeccomp
        {
            DefaultAction = SeccompActions.Errno,
            Syscalls =
            [
                new LinuxSyscall
                {
                    Names = ["read", "write", "fstat", "newfstatat", "brk", "mmap", "munmap", "exit", "exit_group", "getpid", "rt_sigreturn"],
                    Action = SeccompActions.Allow,
                },
            ],
        };
        var results = FilterProbe.Run(Write(minimal));

        Assert.Equal(0, results["getpid"]);
        Assert.Equal(ENOSYS, results["unshare_uts"]);
        Assert.Equal(ENOSYS, results["clone3"]);
        Assert.Equal(EPERM, results["personality_query"]);
        Assert.Equal(EPERM, results["socket_unix"]);
    }

    [Fact]
    public void CAP_SYS_ADMIN_profile_lets_unshare_through()
    {
        var results = FilterProbe.Run(Write(DockerProfile.ResolveDefault(DockerCapabilities.DefaultPlus("CAP_SYS_ADMIN"))));
        Assert.Equal(0, results["unshare_uts"]);
        Assert.NotEqual(ENOSYS, results["clone3"]);
    }

    [Fact]
    public void SeccompLoader_filters_the_thread_that_loads_it()
    {
        var bpf = SeccompCompiler.Compile(DockerProfile.ResolveDefault(DockerCapabilities.Default));
        string? status = null;
        int pid = 0, unshareErrno = 0;
        Exception? failure = null;
        // seccomp and no_new_privs are per thread: a dedicated thread keeps the filter away from the test host.
        var thread = new Thread(() =>
        {
            try
            {
                SeccompLoader.Load(bpf, noNewPrivileges: true);
                pid = Libc.getpid();
                const long SYS_unshare = 272;
                if (Libc.syscall(SYS_unshare, (long)Libc.CLONE_NEWUTS, 0, 0, 0, 0) < 0) unshareErrno = Libc.LastErrno;
                status = File.ReadAllText("/proc/thread-self/status");
            }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.Equal(Environment.ProcessId, pid);
        Assert.Equal(EPERM, unshareErrno);
        Assert.Contains("Seccomp:\t2", status);
        Assert.Contains("NoNewPrivs:\t1", status);
    }

    /// <summary>Compiles through the cache, whose file is just what the probe reads.</summary>
    string Write(LinuxSeccomp profile)
    {
        var cache = new CompiledProfileCache(directory);
        cache.GetOrCompile(profile);
        return cache.PathFor(profile);
    }
}
