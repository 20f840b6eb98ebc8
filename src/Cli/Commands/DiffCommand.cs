using Berth.Cli.Parsing;
using Berth.Engine.Inspection;

namespace Berth.Cli.Commands;

/// <summary>`diff CONTAINER`: files added (A), changed (C) and deleted (D) since the container was created.</summary>
static class DiffCommand
{
    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "diff",
        Usage = "diff CONTAINER",
        Description = "Inspect changes to files or directories on a container's filesystem",
        MinArgs = 1,
        MaxArgs = 1,
        Run = args => Run(context, args),
    };

    static int Run(CliContext context, ParsedArgs args)
    {
        var record = context.Containers.Get(args.Arguments[0]);
        foreach (var change in new ContainerChanges(context.Paths, context.Images.Layers).List(record)) context.Out.WriteLine(change);
        return 0;
    }
}
