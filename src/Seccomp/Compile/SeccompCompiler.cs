using Berth.Sys.Errors;
using Berth.Sys.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Seccomp;

/// <summary>
/// Compiles an OCI seccomp profile to the classic BPF program the kernel loads (an array of 8-byte
/// <c>struct sock_filter</c>), with libseccomp doing the work as it does for runc and crun. Runs in the
/// parent, in the host's filesystem; the container's init only loads the bytes (<see cref="SeccompLoader"/>).
/// The program is for this host's architecture and its ABIs the profile lists.
/// </summary>
public static class SeccompCompiler
{
    /// <summary>The kernel's BPF_MAXINSNS: a longer program is refused at load.</summary>
    public const int MaxInstructions = 4096;

    const int EEXIST = 17;
    const uint ENOSYS = 38;
    const uint MFD_CLOEXEC = 1;

    /// <summary>libseccomp balances its syscall search as a binary tree past this many rules (runc's threshold).</summary>
    const int BinaryTreeThreshold = 32;

    public static byte[] Compile(LinuxSeccomp profile)
    {
        var defaultAction = ActionCodes.Parse(profile.DefaultAction, profile.DefaultErrnoRet, "defaultAction");
        SeccompFilterFlags.ToLoadFlags(profile); // a bad flag name is the profile's error, so report it now
        if (!string.IsNullOrEmpty(profile.ListenerPath))
            throw BerthException.Invalid("seccomp profile: listenerPath (seccomp notify) is not supported by berth");

        var context = Libseccomp.seccomp_init(defaultAction);
        if (context == 0) throw BerthException.Internal($"seccomp_init with default action {profile.DefaultAction} failed");
        try
        {
            var architectures = AddArchitectures(context, profile.Architectures ?? []);
            var names = (profile.Syscalls ?? []).SelectMany(rule => rule.Names).ToArray();
            if (names.Length > BinaryTreeThreshold)
                Libseccomp.seccomp_attr_set(context, Libseccomp.AttrOptimize, 2); // an old libseccomp keeps a linear list; fine
            foreach (var rule in profile.Syscalls ?? []) AddRule(context, rule, defaultAction);

            var program = Export(context);
            if (!ActionCodes.LetsUnknownSyscallsRun(defaultAction) && defaultAction != (Libseccomp.ActErrnoBase | ENOSYS))
                program = WithEnosysStub(program, architectures, names);
            if (program.Length / SockFilter.Size > MaxInstructions)
                throw BerthException.Invalid($"seccomp profile compiles to {program.Length / SockFilter.Size} BPF instructions, more than the kernel's {MaxInstructions}");
            return program;
        }
        finally
        {
            Libseccomp.seccomp_release(context);
        }
    }

    /// <summary>Adds the profile's architectures to the native one; returns all their libseccomp tokens.</summary>
    static List<uint> AddArchitectures(nint context, IEnumerable<string> architectures)
    {
        var tokens = new List<uint> { Libseccomp.seccomp_arch_native() };
        foreach (var architecture in architectures)
        {
            // libseccomp spells SCMP_ARCH_X86_64 as "x86_64".
            var name = architecture.StartsWith("SCMP_ARCH_", StringComparison.Ordinal) ? architecture["SCMP_ARCH_".Length..] : architecture;
            var token = Libseccomp.seccomp_arch_resolve_name(name.ToLowerInvariant());
            if (token == 0) throw BerthException.Invalid($"seccomp profile: unknown architecture \"{architecture}\"");
            var rc = Libseccomp.seccomp_arch_add(context, token);
            if (rc < 0 && rc != -EEXIST) throw Failure($"add architecture {architecture}", rc);
            tokens.Add(token);
        }
        return tokens;
    }

    static unsafe void AddRule(nint context, LinuxSyscall rule, uint defaultAction)
    {
        var where = $"syscall \"{string.Join(",", rule.Names)}\"";
        var action = ActionCodes.Parse(rule.Action, rule.ErrnoRet, where);
        var conditions = Conditions(rule.Args ?? [], where);
        // libseccomp refuses a rule that repeats the default action; it would change nothing anyway.
        if (action == defaultAction) return;

        // Conditions on distinct arguments go in one rule (all must hold). libseccomp cannot AND two
        // conditions on one argument, so then each becomes its own rule, as runc does.
        var sharesArgument = conditions.Select(c => c.Argument).Distinct().Count() < conditions.Length;
        var groups = sharesArgument ? conditions.Select(c => new[] { c }).ToArray() : [conditions];

        foreach (var name in rule.Names)
        {
            // A name this libseccomp does not know is a syscall it cannot filter: skip it, as runc does.
            var number = Libseccomp.seccomp_syscall_resolve_name(name);
            if (number == Libseccomp.ResolveError) continue;
            foreach (var group in groups)
            {
                fixed (Libseccomp.ArgumentComparison* args = group)
                {
                    var rc = Libseccomp.seccomp_rule_add_array(context, action, number, (uint)group.Length, args);
                    if (rc < 0) throw Failure($"add rule for syscall \"{name}\" ({rule.Action})", rc);
                }
            }
        }
    }

    static Libseccomp.ArgumentComparison[] Conditions(IReadOnlyList<LinuxSeccompArg> args, string where) =>
        args.Select(arg => arg.Index > 5
            ? throw BerthException.Invalid($"seccomp profile: {where}: argument index {arg.Index} is out of range 0-5")
            : new Libseccomp.ArgumentComparison
            {
                Argument = arg.Index,
                Operator = OperatorCodes.Parse(arg.Op, where),
                DatumA = arg.Value,
                DatumB = arg.ValueTwo,
            }).ToArray();

    /// <summary>seccomp_export_bpf writes to a file descriptor: a memfd, read back from offset 0.</summary>
    static byte[] Export(nint context)
    {
        var fd = Libc.Check(Libc.memfd_create("berth-seccomp-bpf", MFD_CLOEXEC), "memfd_create for seccomp BPF");
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var rc = Libseccomp.seccomp_export_bpf(context, fd);
        if (rc < 0) throw Failure("export BPF", rc);
        var program = new byte[RandomAccess.GetLength(handle)];
        var done = 0;
        while (done < program.Length)
        {
            var n = RandomAccess.Read(handle, program.AsSpan(done), done);
            if (n == 0) break;
            done += n;
        }
        if (done != program.Length || program.Length == 0 || program.Length % SockFilter.Size != 0)
            throw BerthException.Internal($"libseccomp exported a malformed BPF program ({done} of {program.Length} bytes)");
        return program;
    }

    static byte[] WithEnosysStub(byte[] program, IEnumerable<uint> architectures, IReadOnlyCollection<string> names)
    {
        // The stub leaves the accumulator changed, which is safe only if libseccomp's program starts by
        // loading the architecture itself; every libseccomp release does, but check rather than assume.
        if (SockFilter.Read(program) != SockFilter.Load(4)) return program;
        var stub = EnosysStub.Build(architectures, names);
        var total = stub.Count + program.Length / SockFilter.Size;
        var result = new byte[total * SockFilter.Size];
        for (var i = 0; i < stub.Count; i++) stub[i].Write(result.AsSpan(i * SockFilter.Size));
        program.CopyTo(result.AsSpan(stub.Count * SockFilter.Size));
        return result;
    }

    static BerthException Failure(string what, int rc) =>
        BerthException.Invalid($"seccomp profile: {what}: {SystemCallException.Describe(-rc)}");
}
