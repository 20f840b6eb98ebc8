using Berth.Cli.Parsing;
using Berth.Engine.Inspection;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary>`top CONTAINER [ps OPTIONS]`: the host's ps, showing only the container's processes.</summary>
static class TopCommand
{
    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "top",
        Usage = "top CONTAINER [ps OPTIONS]",
        Description = "Display the running processes of a container",
        MinArgs = 1,
        // Everything after the container belongs to ps: `top web -o pid,comm`.
        StopAtFirstArgument = true,
        Run = args => Run(context, args),
    };

    static int Run(CliContext context, ParsedArgs args)
    {
        var record = context.Containers.Get(args.Arguments[0]);
        var table = ContainerTop.List(context.Paths, record, args.Arguments.Skip(1).ToList());
        // docker's layout for top: columns at least 20 wide, 3 spaces apart.
        using var tabs = new TabWriter(context.Out, 20, 1, 3, ' ', 0);
        tabs.Write(string.Join('\t', table.Titles) + "\n");
        foreach (var process in table.Processes) tabs.Write(string.Join('\t', process) + "\n");
        tabs.Flush();
        return 0;
    }
}
