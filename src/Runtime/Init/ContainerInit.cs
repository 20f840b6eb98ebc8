using System.Text.Json;
using Berth.Runtime.Spec;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>
/// `berth init BUNDLE [SECCOMP-BPF]`: PID 1 of a new container, started by clone in fresh namespaces
/// and placed in its cgroups while it starts up. It builds the rootfs, drops privileges and execs the
/// command. `berth init -` was cloned before its container existed: both come through its gate.
/// Failures go to the parent as one JSON line on fd 3, which closes on a successful exec.
/// </summary>
public static class ContainerInit
{
    public const int ErrorFd = 3;

    public static int Main(string[] args)
    {
        Libc.fcntl(ErrorFd, Libc.F_SETFD, Libc.FD_CLOEXEC);
        try
        {
            if (args[0] == "-")
            {
                var (bundle, seccomp) = CgroupGate.ReceiveAssignment();
                Run(bundle, seccomp);
            }
            else Run(args[0], args.Length > 1 ? args[1] : null);
            return 0;
        }
        catch (InitException e)
        {
            return Report(e.ExitCode, e.Message);
        }
        catch (BerthException e)
        {
            return Report(e.Kind == ErrorKind.NotFound ? 127 : 125, e.Message);
        }
        catch (Exception e)
        {
            // A .NET PID 1 that dies of an unhandled exception ends as SIGSEGV: always report instead.
            return Report(125, e.Message);
        }
    }

    static void Run(string bundle, string? seccompFile)
    {
        var spec = OciSpecReader.Read(Path.Combine(bundle, "config.json"));
        Sys.Diagnostics.Timing.Mark("init: json parsed");
        var process = spec.Process ?? throw BerthException.Invalid("config.json has no process");
        Libc.umask(0);
        var lastCap = int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap"));
        var seccomp = seccompFile is null ? null : File.ReadAllBytes(seccompFile);
        var namespaces = spec.Linux?.Namespaces ?? [];

        foreach (var ns in namespaces.Where(n => n.Path is not null)) Join(ns);
        var newCgroupNamespace = namespaces.Any(n => n.Type == "cgroup" && n.Path is null);

        Sys.Diagnostics.Timing.Mark("init: spec read");
        var rootfs = new RootfsSetup(spec, bundle, () => EnterCgroups(newCgroupNamespace));
        rootfs.Prepare();
        EnterCgroups(newCgroupNamespace);
        Sys.Diagnostics.Timing.Mark("init: mounts done");
        rootfs.PivotRoot();
        Sys.Diagnostics.Timing.Mark("init: pivoted");
        foreach (var (key, value) in spec.Linux?.Sysctl ?? [])
            File.WriteAllText("/proc/sys/" + key.Replace('.', '/'), value);
        rootfs.Finish();
        Sys.Diagnostics.Timing.Mark("init: masked");

        if (namespaces.Any(n => n.Type == "uts" && n.Path is null)) SetHostname(spec);
        if (namespaces.Any(n => n.Type == "network" && n.Path is null)) Loopback.Up();
        Rlimits.Apply(process.Rlimits);
        if (process.OomScoreAdj is { } adj) File.WriteAllText("/proc/self/oom_score_adj", adj.ToString());
        if (process.Terminal) TakeTerminal();
        Sys.Diagnostics.Timing.Mark("init: rootfs ready, exec");
        ProcessExec.Run(process, seccomp, lastCap, spec.Annotations?.ContainsKey(Annotations.Init) == true);
    }

    static bool _enteredCgroups;

    /// <summary>
    /// Waits until the parent has moved us into our cgroups, then enters a new cgroup namespace,
    /// whose root is the cgroup we are in at that moment: the container's own.
    /// </summary>
    static void EnterCgroups(bool newNamespace)
    {
        if (_enteredCgroups) return;
        CgroupGate.Wait();
        if (newNamespace && Libc.syscall(272 /*unshare*/, (long)Libc.CLONE_NEWCGROUP, 0, 0, 0, 0) < 0)
            throw new SystemCallException("unshare cgroup namespace", Libc.LastErrno);
        _enteredCgroups = true;
    }

    static void Join(OciNamespace ns)
    {
        if (ns.Type is "mount" or "pid" or "user")
            throw BerthException.Invalid($"joining an existing {ns.Type} namespace is not supported");
        var fd = Libc.Check(Libc.open(ns.Path!, Libc.O_RDONLY | Libc.O_CLOEXEC, 0), $"open {ns.Type} namespace {ns.Path}");
        Libc.Check(Libc.setns(fd, 0), $"join {ns.Type} namespace {ns.Path}");
        Libc.close(fd);
    }

    static unsafe void SetHostname(OciSpec spec)
    {
        if (!string.IsNullOrEmpty(spec.Hostname))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(spec.Hostname);
            fixed (byte* p = bytes) Libc.Check(Libc.sethostname(p, bytes.Length), $"sethostname {spec.Hostname}");
        }
        if (!string.IsNullOrEmpty(spec.Domainname))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(spec.Domainname);
            fixed (byte* p = bytes) Libc.Check(Libc.setdomainname(p, bytes.Length), $"setdomainname {spec.Domainname}");
        }
    }

    /// <summary>With a terminal, fd 0 is the pty's slave: make it the controlling terminal of a new session.</summary>
    static unsafe void TakeTerminal()
    {
        Libc.setsid();
        Libc.Check(Libc.ioctl(0, Libc.TIOCSCTTY, null), "make the pty the controlling terminal");
    }

    static int Report(int exitCode, string message)
    {
        try
        {
            Libc.WriteAll(ErrorFd, JsonSerializer.SerializeToUtf8Bytes(new InitFailure(exitCode, message), RuntimeJson.Default.InitFailure));
        }
        catch (Exception)
        {
            // Nobody to tell: the exit code still says what happened.
        }
        return exitCode;
    }
}
