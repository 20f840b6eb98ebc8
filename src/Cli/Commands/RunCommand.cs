using Berth.Cli.Attach;
using Berth.Cli.Parsing;
using Berth.Engine.Containers;
using Berth.Engine.Lifecycle;
using Berth.Engine.Monitor;
using Berth.Runtime.Terminal;

namespace Berth.Cli.Commands;

/// <summary>`run` and `create`.</summary>
static class RunCommand
{
    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "run",
        Usage = "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
        Description = "Create and run a new container from an image",
        Flags = RunFlags.Run,
        MinArgs = 1,
        StopAtFirstArgument = true,
        Run = args => Run(context, args),
    };

    public static CommandSpec CreateSpec(CliContext context) => new()
    {
        Name = "create",
        Usage = "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
        Description = "Create a new container",
        Flags = RunFlags.Create,
        MinArgs = 1,
        StopAtFirstArgument = true,
        Run = args =>
        {
            var record = new ContainerCreator(context.Paths, context.Images).Create(RunOptions.ToRequest(args));
            WriteCidFile(args, record.Id);
            context.Out.WriteLine(record.Id);
            return 0;
        },
    };

    static int Run(CliContext context, ParsedArgs args)
    {
        var request = RunOptions.ToRequest(args);
        var detach = args.Bool("detach");
        Berth.Sys.Diagnostics.Timing.Mark("run: parsed");
        // Spawned first, so that the monitor (and, without a terminal, the container's init) starts up
        // while the container is created.
        var hint = request.Config.Tty ? null : MonitorPrespawn.Hint(Engine.Specs.SpecBuilder.CloneFlagsFor(request.Host), request.Config.OpenStdin);
        var monitor = MonitorSession.Spawn(context.Paths, hint);
        ContainerRecord record;
        try
        {
            record = new ContainerCreator(context.Paths, context.Images).Create(request);
        }
        catch
        {
            monitor.Dispose();
            throw;
        }
        Berth.Sys.Diagnostics.Timing.Mark("run: created");
        WriteCidFile(args, record.Id);
        var terminal = record.Config.Tty ? Pty.SizeOf(1) ?? Pty.SizeOf(0) : null;
        MonitorSession session;
        try
        {
            session = new ContainerStarter(context.Paths, context.Images).Start(record, terminal, monitor);
        }
        catch
        {
            // docker keeps a container whose start failed (exited, with the error), unless --rm.
            if (record.HostConfig.AutoRemove)
                Engine.Remover.RemoveFiles(context.Containers, context.Containers.TryLoad(record.Id) ?? record, removeAnonymousVolumes: true);
            throw;
        }
        using (session)
        {
            Berth.Sys.Diagnostics.Timing.Mark("run: started");
            if (detach)
            {
                context.Out.WriteLine(record.Id);
                return 0;
            }
            context.Out.Flush();
            return new AttachedSession(session, record.Config.Tty, record.Config.OpenStdin, args.Bool("sig-proxy")).Run();
        }
    }

    static void WriteCidFile(ParsedArgs args, string id)
    {
        if (args.Value("cidfile") is not { } path) return;
        if (File.Exists(path)) throw Sys.Errors.BerthException.Conflict($"container ID file found, make sure the other container isn't running or delete {path}");
        File.WriteAllText(path, id);
    }
}
