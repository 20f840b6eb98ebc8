using Berth.Cli.Parsing;
using Berth.Images.Store;

namespace Berth.Cli.Commands;

/// <summary>`ps`: running containers (all with -a), newest first, in docker's table or a --format template.</summary>
static class PsCommand
{
    const string DefaultFormat = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "ps",
        Usage = "ps [OPTIONS]",
        Description = "List containers",
        Flags =
        [
            FlagSpec.Bool("all", 'a', "Show all containers (default shows just running)"),
            FlagSpec.List("filter", 'f', "Filter output based on conditions provided", "filter"),
            FlagSpec.Value("format", null, "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template"),
            FlagSpec.Value("last", 'n', "Show n last created containers (includes all states)", "int", "-1"),
            FlagSpec.Bool("latest", 'l', "Show the latest created container (includes all states)"),
            FlagSpec.Bool("no-trunc", null, "Don't truncate output"),
            FlagSpec.Bool("quiet", 'q', "Only display container IDs"),
            FlagSpec.Bool("size", 's', "Display total file sizes"),
        ],
        MaxArgs = 0,
        Run = args => Run(context, args),
    };

    static int Run(CliContext context, ParsedArgs args)
    {
        var filters = PsFilters.Parse(args.List("filter"));
        var last = args.Bool("latest") ? 1 : args.Int("last") ?? -1;
        var all = args.Bool("all") || last > 0 || filters.HasStatus;
        ImageIndexFile? index = null;
        string? ResolveImage(string name) => ImageStore.FindId(index ??= context.Images.LoadIndex(), name)?.Value;
        var records = context.Containers.List()
            .Where(r => all || r.State.Running || r.State.Restarting)
            .Where(r => filters.Matches(r, ResolveImage))
            .OrderByDescending(r => r.Created)
            .Take(last > 0 ? last : int.MaxValue)
            .ToList();
        var truncate = !args.Bool("no-trunc");
        if (args.Bool("quiet") && args.Value("format") is null)
        {
            foreach (var record in records) context.Out.WriteLine(truncate ? record.Id[..12] : record.Id);
            return 0;
        }
        var format = args.Value("format") is { } f && f != "table" ? f : DefaultFormat + (args.Bool("size") ? "\t{{.Size}}" : "");
        if (args.Bool("quiet")) format = "{{.ID}}";
        var labelMethod = format.Contains(".Label ", StringComparison.Ordinal);
        var rows = records.Select(r => ContainerRow.Build(r, truncate, args.Bool("size") ? SizeText(context, r) : null, labelMethod));
        new TableOutput(format).Write(context.Out, rows, ContainerRow.Headers);
        return 0;
    }

    static string SizeText(CliContext context, Engine.Containers.ContainerRecord record)
    {
        var writable = Sizing.DirectorySize(context.Paths.UpperDir(record.Id));
        var image = context.Images.LoadIndex().Images.GetValueOrDefault(record.Image)?.Size ?? 0;
        return $"{Units.HumanSize(writable)} (virtual {Units.HumanSize(writable + image)})";
    }
}
