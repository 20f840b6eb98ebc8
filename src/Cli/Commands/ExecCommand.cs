using Berth.Cli.Attach;
using Berth.Cli.Parsing;
using Berth.Engine.Specs;
using Berth.Images.Content;
using Berth.Runtime.Cgroups;
using Berth.Runtime.Launch;
using Berth.Runtime.Spec;
using Berth.Runtime.Terminal;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Cli.Commands;

/// <summary>`exec`: runs a process in a running container, as a child of this CLI (no monitor involved).</summary>
static class ExecCommand
{
    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "exec",
        Usage = "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
        Description = "Execute a command in a running container",
        Flags =
        [
            FlagSpec.Bool("detach", 'd', "Detached mode: run command in the background"),
            FlagSpec.Value("detach-keys", null, "Override the key sequence for detaching a container"),
            FlagSpec.List("env", 'e', "Set environment variables"),
            FlagSpec.List("env-file", null, "Read in a file of environment variables"),
            FlagSpec.Bool("interactive", 'i', "Keep STDIN open even if not attached"),
            FlagSpec.Bool("privileged", null, "Give extended privileges to the command"),
            FlagSpec.Bool("tty", 't', "Allocate a pseudo-TTY"),
            FlagSpec.Value("user", 'u', "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
            FlagSpec.Value("workdir", 'w', "Working directory inside the container"),
        ],
        MinArgs = 2,
        StopAtFirstArgument = true,
        Run = args => Run(context, args),
    };

    static int Run(CliContext context, ParsedArgs args)
    {
        var record = context.Containers.Get(args.Arguments[0]);
        if (!record.State.Running) throw BerthException.Conflict($"container {record.Id} is not running");
        if (record.State.Paused) throw BerthException.Conflict($"container {record.Id} is paused, unpause the container before exec");
        var spec = OciSpecReader.Read(Path.Combine(context.Paths.Bundle(record.Id), "config.json"));
        var process = ExecProcess(context, record, spec.Process!, args);
        var bpfPath = spec.Annotations?.GetValueOrDefault(Annotations.SeccompProgram);
        var bpf = bpfPath is null || args.Bool("privileged") ? null : File.ReadAllBytes(bpfPath);
        var cgroup = CgroupHierarchy.Detect().Open(context.Paths.CgroupPath(record.Id));
        var detach = args.Bool("detach");
        if (process.Terminal && !detach)
        {
            using var pty = Pty.Open();
            using var child = ExecLauncher.Launch(record.State.Pid, process, new StdioFds(pty.Slave, pty.Slave, pty.Slave), cgroup, bpf);
            pty.CloseSlave();
            return new PtyRelay(pty, child, args.Bool("interactive")).Run();
        }
        var devNull = Libc.Check(Libc.open("/dev/null", Libc.O_RDWR | Libc.O_CLOEXEC, 0), "open /dev/null");
        try
        {
            var stdio = detach ? new StdioFds(devNull, devNull, devNull) : new StdioFds(args.Bool("interactive") ? 0 : devNull, 1, 2);
            using var child = ExecLauncher.Launch(record.State.Pid, process, stdio, cgroup, bpf);
            return detach ? 0 : Libc.ExitCodeOf(child.Wait());
        }
        finally
        {
            Libc.close(devNull);
        }
    }

    static OciProcess ExecProcess(CliContext context, Engine.Containers.ContainerRecord record, OciProcess container, ParsedArgs args)
    {
        var env = new List<string>(container.Env ?? []);
        foreach (var entry in args.List("env"))
        {
            var key = entry.Split('=')[0];
            env.RemoveAll(e => e.StartsWith(key + "=", StringComparison.Ordinal));
            env.Add(entry.Contains('=') ? entry : $"{entry}={Environment.GetEnvironmentVariable(entry)}");
        }
        var process = container with
        {
            Args = args.Arguments.Skip(1).ToList(),
            Env = env,
            Terminal = args.Bool("tty"),
            Cwd = args.Value("workdir") ?? container.Cwd,
            Rlimits = null,
        };
        if (args.Value("user") is { } user)
        {
            var layers = record.Berth.LayerDiffIds.Select(Digest.Parse).Reverse().Select(context.Images.Layers.DiffPath);
            var resolved = UserResolver.Resolve(user, new LayeredFiles([context.Paths.UpperDir(record.Id), .. layers]));
            process = process with { User = new OciUser { Uid = resolved.Uid, Gid = resolved.Gid, AdditionalGids = resolved.AdditionalGids } };
        }
        if (args.Bool("privileged"))
        {
            var all = Runtime.Security.Capabilities.HostBounding().ToList();
            process = process with { Capabilities = new OciCapabilities { Bounding = all, Effective = all, Permitted = all } };
        }
        return process;
    }
}
