using Berth.Cli.Parsing;

namespace Berth.Cli.Commands;

/// <summary>The container verbs, each also reachable as "container VERB" as in docker.</summary>
static class ContainerCommands
{
    public static IEnumerable<CommandSpec> All(CliContext context)
    {
        IEnumerable<CommandSpec> verbs =
        [
            RunCommand.Spec(context), RunCommand.CreateSpec(context), StartCommand.Spec(context),
            LifecycleCommands.Stop(context), LifecycleCommands.Kill(context), LifecycleCommands.Restart(context),
            LifecycleCommands.Remove(context), LifecycleCommands.Rename(context), LifecycleCommands.Pause(context),
            LifecycleCommands.Unpause(context), LifecycleCommands.Wait(context), LogsCommand.Spec(context),
            PsCommand.Spec(context), InspectCommand.Spec(context), ExecCommand.Spec(context),
            TopCommand.Spec(context), StatsCommand.Spec(context), CpCommand.Spec(context), DiffCommand.Spec(context),
        ];
        foreach (var verb in verbs)
        {
            var management = verb.Name == "ps" ? "container ls" : "container " + verb.Name;
            yield return verb with { Aliases = [.. verb.Aliases, management, .. verb.Name == "ps" ? new[] { "container list", "container ps" } : []] };
        }
        yield return LifecycleCommands.Prune(context);
        yield return InspectCommand.ContainerInspectSpec(context);
    }
}
