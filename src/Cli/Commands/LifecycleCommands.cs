using Berth.Cli.Parsing;
using Berth.Engine;
using Berth.Engine.Lifecycle;
using Berth.Runtime.Terminal;

namespace Berth.Cli.Commands;

/// <summary>stop, kill, restart, rm, rename, pause, unpause, wait and container prune.</summary>
static class LifecycleCommands
{
    public static CommandSpec Stop(CliContext context) => new()
    {
        Name = "stop",
        Usage = "stop [OPTIONS] CONTAINER [CONTAINER...]",
        Description = "Stop one or more running containers",
        Flags = [FlagSpec.Value("timeout", 't', "Seconds to wait before killing the container", "int"), FlagSpec.Value("time", null, "Seconds to wait before killing the container", "int") with { Hidden = true }, FlagSpec.Value("signal", 's', "Signal to send to the container")],
        MinArgs = 1,
        Run = args =>
        {
            var timeout = args.Int("timeout") ?? args.Int("time");
            var stopper = new ContainerStopper(context.Containers);
            return EachContainer.Apply(context, args.Arguments, record =>
                stopper.Stop(args.Value("signal") is { } s ? record with { Config = record.Config with { StopSignal = s } } : record, timeout));
        },
    };

    public static CommandSpec Kill(CliContext context) => new()
    {
        Name = "kill",
        Usage = "kill [OPTIONS] CONTAINER [CONTAINER...]",
        Description = "Kill one or more running containers",
        Flags = [FlagSpec.Value("signal", 's', "Signal to send to the container", "string", "KILL")],
        MinArgs = 1,
        Run = args =>
        {
            var signal = Signals.Parse(args.Value("signal"), 9);
            var stopper = new ContainerStopper(context.Containers);
            return EachContainer.Apply(context, args.Arguments, record => stopper.Kill(record, signal));
        },
    };

    public static CommandSpec Restart(CliContext context) => new()
    {
        Name = "restart",
        Usage = "restart [OPTIONS] CONTAINER [CONTAINER...]",
        Description = "Restart one or more containers",
        Flags = [FlagSpec.Value("timeout", 't', "Seconds to wait before killing the container", "int"), FlagSpec.Value("signal", 's', "Signal to send to the container")],
        MinArgs = 1,
        Run = args =>
        {
            var stopper = new ContainerStopper(context.Containers);
            var starter = new ContainerStarter(context.Paths, context.Images);
            return EachContainer.Apply(context, args.Arguments, record =>
            {
                stopper.Stop(record, args.Int("timeout"));
                var stopped = context.Containers.Get(record.Id);
                using var session = starter.Start(stopped, stopped.Config.Tty ? Pty.SizeOf(1) : null);
            });
        },
    };

    public static CommandSpec Remove(CliContext context) => new()
    {
        Name = "rm",
        Usage = "rm [OPTIONS] CONTAINER [CONTAINER...]",
        Description = "Remove one or more containers",
        Flags = [FlagSpec.Bool("force", 'f', "Force the removal of a running container (uses SIGKILL)"), FlagSpec.Bool("volumes", 'v', "Remove anonymous volumes associated with the container"), FlagSpec.Bool("link", 'l', "Remove the specified link")],
        MinArgs = 1,
        Aliases = ["container remove"],
        Run = args =>
        {
            var remover = new ContainerRemover(context.Containers);
            return EachContainer.Apply(context, args.Arguments, record => remover.Remove(record, args.Bool("force"), args.Bool("volumes")));
        },
    };

    public static CommandSpec Rename(CliContext context) => new()
    {
        Name = "rename",
        Usage = "rename CONTAINER NEW_NAME",
        Description = "Rename a container",
        MinArgs = 2,
        MaxArgs = 2,
        Run = args =>
        {
            new ContainerRenamer(context.Containers).Rename(context.Containers.Get(args.Arguments[0]), args.Arguments[1]);
            return 0;
        },
    };

    public static CommandSpec Pause(CliContext context) => new()
    {
        Name = "pause",
        Usage = "pause CONTAINER [CONTAINER...]",
        Description = "Pause all processes within one or more containers",
        MinArgs = 1,
        Run = args => EachContainer.Apply(context, args.Arguments, new ContainerPauser(context.Containers).Pause),
    };

    public static CommandSpec Unpause(CliContext context) => new()
    {
        Name = "unpause",
        Usage = "unpause CONTAINER [CONTAINER...]",
        Description = "Unpause all processes within one or more containers",
        MinArgs = 1,
        Run = args => EachContainer.Apply(context, args.Arguments, new ContainerPauser(context.Containers).Unpause),
    };

    public static CommandSpec Wait(CliContext context) => new()
    {
        Name = "wait",
        Usage = "wait CONTAINER [CONTAINER...]",
        Description = "Block until one or more containers stop, then print their exit codes",
        MinArgs = 1,
        Run = args =>
        {
            var waiter = new ContainerWaiter(context.Containers);
            return EachContainer.Apply(context, args.Arguments, record => context.Out.WriteLine(waiter.Wait(record)), echo: false);
        },
    };

    public static CommandSpec Prune(CliContext context) => new()
    {
        Name = "container prune",
        Usage = "container prune [OPTIONS]",
        Description = "Remove all stopped containers",
        Flags = [FlagSpec.Bool("force", 'f', "Do not prompt for confirmation"), FlagSpec.List("filter", null, "Provide filter values (e.g. \"until=<timestamp>\")", "filter")],
        MaxArgs = 0,
        Run = args =>
        {
            if (!Confirm.Ask(context, args, "WARNING! This will remove all stopped containers.")) return 0;
            var filters = PsFilters.Parse(args.List("filter"));
            long reclaimed = 0;
            context.Out.WriteLine("Deleted Containers:");
            var remover = new ContainerRemover(context.Containers);
            foreach (var record in context.Containers.List().Where(r => !r.State.Running && !r.State.Restarting && !r.State.Paused && filters.MatchesPrune(r)))
            {
                var size = Sizing.DirectorySize(context.Paths.UpperDir(record.Id));
                try
                {
                    // Through the remover's lock: a container started meanwhile is skipped, not pulled from under its monitor.
                    remover.Remove(record, force: false, volumes: false);
                }
                catch (Sys.Errors.BerthException) { continue; }
                reclaimed += size;
                context.Out.WriteLine(record.Id);
            }
            // Directories that crashed removals renamed away but never deleted.
            Remover.DeleteAbandonedTrash(context.Paths);
            context.Out.WriteLine($"\nTotal reclaimed space: {Units.HumanSize(reclaimed)}");
            return 0;
        },
    };
}
