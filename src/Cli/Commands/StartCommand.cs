using Berth.Cli.Attach;
using Berth.Cli.Parsing;
using Berth.Engine.Lifecycle;
using Berth.Runtime.Terminal;

namespace Berth.Cli.Commands;

/// <summary>`start [-a] [-i] CONTAINER...`</summary>
static class StartCommand
{
    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "start",
        Usage = "start [OPTIONS] CONTAINER [CONTAINER...]",
        Description = "Start one or more stopped containers",
        Flags =
        [
            FlagSpec.Bool("attach", 'a', "Attach STDOUT/STDERR and forward signals"),
            FlagSpec.Bool("interactive", 'i', "Attach container's STDIN"),
            FlagSpec.Value("detach-keys", null, "Override the key sequence for detaching a container"),
        ],
        MinArgs = 1,
        Run = args => Run(context, args),
    };

    static int Run(CliContext context, ParsedArgs args)
    {
        var attach = args.Bool("attach") || args.Bool("interactive");
        if (attach && args.Arguments.Count > 1) throw new UsageException("you cannot start and attach multiple containers at once");
        var failed = 0;
        foreach (var name in args.Arguments)
        {
            try
            {
                var record = context.Containers.Get(name);
                if (record.State.Running)
                {
                    if (!attach) context.Out.WriteLine(name);
                    continue;
                }
                var terminal = record.Config.Tty ? Pty.SizeOf(1) ?? Pty.SizeOf(0) : null;
                using var session = new ContainerStarter(context.Paths, context.Images).Start(record, terminal);
                if (attach) return new AttachedSession(session, record.Config.Tty, args.Bool("interactive") && record.Config.OpenStdin, true).Run();
                context.Out.WriteLine(name);
            }
            catch (Sys.Errors.BerthException e) when (!attach)
            {
                context.Err.WriteLine($"Error: {e.Message}");
                failed++;
            }
        }
        if (failed > 0) context.Err.WriteLine($"Error: failed to start {failed} container{(failed == 1 ? "" : "s")}");
        return failed > 0 ? 1 : 0;
    }
}
