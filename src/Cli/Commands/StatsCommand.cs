using System.Text.Json.Nodes;
using Berth.Cli.Parsing;
using Berth.Engine.Containers;
using Berth.Engine.Inspection;

namespace Berth.Cli.Commands;

/// <summary>
/// `stats [--no-stream] [-a] [--format T] [--no-trunc] [CONTAINER...]`: CPU, memory, network,
/// block I/O and pids, from two readings of each container's cgroup. Redraws every second until
/// Ctrl-C, or prints once with --no-stream.
/// </summary>
static class StatsCommand
{
    const string DefaultFormat = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
    const string ClearScreen = "\u001b[2J\u001b[H";
    static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "stats",
        Usage = "stats [OPTIONS] [CONTAINER...]",
        Description = "Display a live stream of container(s) resource usage statistics",
        Flags =
        [
            FlagSpec.Bool("all", 'a', "Show all containers (default shows just running)"),
            FlagSpec.Value("format", null, "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template"),
            FlagSpec.Bool("no-stream", null, "Disable streaming stats and only pull the first result"),
            FlagSpec.Bool("no-trunc", null, "Do not truncate output"),
        ],
        Run = args => Run(context, args),
    };

    static int Run(CliContext context, ParsedArgs args)
    {
        var format = args.Value("format") is { Length: > 0 } f && f != "table" ? f : DefaultFormat;
        var table = new TableOutput(format);
        var targets = new StatsTargets(context.Containers, args.Arguments, args.Bool("all"));
        targets.Check();
        var hostMemory = HostMemory.Total();
        var previous = Sample(context, targets.Current());
        using var cancel = new CancellationTokenSource();
        if (!args.Bool("no-stream")) Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var wait = FirstInterval;
        while (!cancel.Token.WaitHandle.WaitOne(wait))
        {
            var records = targets.Current();
            var current = Sample(context, records);
            var rows = records.Select(r => Row(r, previous, current, hostMemory, targets, args.Bool("no-trunc"))).ToList();
            if (args.Bool("no-stream"))
            {
                table.Write(context.Out, rows, StatsRow.Headers);
                return 0;
            }
            context.Out.Write(ClearScreen);
            table.Write(context.Out, rows, StatsRow.Headers);
            context.Out.Flush();
            previous = current;
            wait = Interval;
        }
        return 0;
    }

    static Dictionary<string, StatsSample?> Sample(CliContext context, IEnumerable<ContainerRecord> records) =>
        records.ToDictionary(r => r.Id, r => StatsSample.Read(context.Paths, r));

    static JsonObject Row(ContainerRecord record, Dictionary<string, StatsSample?> previous, Dictionary<string, StatsSample?> current,
        long hostMemory, StatsTargets targets, bool noTrunc)
    {
        var usage = previous.GetValueOrDefault(record.Id) is { } earlier && current.GetValueOrDefault(record.Id) is { } later
            ? ContainerUsage.Between(earlier, later, hostMemory)
            : ContainerUsage.None;
        return StatsRow.Build(record, targets.ShownAs(record), usage, !noTrunc);
    }
}
