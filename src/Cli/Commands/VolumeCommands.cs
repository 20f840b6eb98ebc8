using System.Text.Json.Nodes;
using Berth.Cli.Parsing;
using Berth.Engine.Volumes;
using Berth.Sys.Errors;

namespace Berth.Cli.Commands;

/// <summary>volume create, ls, rm, inspect and prune.</summary>
static class VolumeCommands
{
    public static IEnumerable<CommandSpec> All(CliContext context) =>
    [
        new()
        {
            Name = "volume create",
            Usage = "volume create [OPTIONS] [VOLUME]",
            Description = "Create a volume",
            Flags = [FlagSpec.Value("driver", 'd', "Specify volume driver name", "string", "local"), FlagSpec.List("label", null, "Set metadata for a volume"), FlagSpec.Value("name", null, "Specify volume name"), FlagSpec.List("opt", 'o', "Set driver specific options", "map")],
            MaxArgs = 1,
            Run = args =>
            {
                if (args.Value("driver") is { } driver && driver != "local") throw BerthException.Invalid($"volume driver \"{driver}\" is not supported: berth has \"local\"");
                if (args.List("opt").Count > 0) throw BerthException.Invalid("volume options (-o) are not supported by berth's local driver yet");
                var name = args.Arguments.FirstOrDefault() ?? args.Value("name");
                var volume = Store(context).Create(name, RunOptions.KeyValues(args.List("label"), "label", emptyValueAllowed: true));
                context.Out.WriteLine(volume.Name);
                return 0;
            },
        },
        new()
        {
            Name = "volume ls",
            Usage = "volume ls [OPTIONS]",
            Description = "List volumes",
            Aliases = ["volume list"],
            Flags = [FlagSpec.List("filter", 'f', "Provide filter values (e.g. \"dangling=true\")", "filter"), FlagSpec.Value("format", null, "Format output using a custom template"), FlagSpec.Bool("quiet", 'q', "Only display volume names")],
            MaxArgs = 0,
            Run = args =>
            {
                var used = UsedVolumes(context);
                var volumes = Store(context).List().Where(v => Matches(v, args.List("filter"), used)).ToList();
                if (args.Bool("quiet"))
                {
                    foreach (var v in volumes) context.Out.WriteLine(v.Name);
                    return 0;
                }
                var rows = volumes.Select(v => new JsonObject { ["Driver"] = v.Driver, ["Name"] = v.Name, ["Mountpoint"] = v.Mountpoint, ["Scope"] = v.Scope, ["Labels"] = string.Join(',', v.Labels.Select(l => $"{l.Key}={l.Value}")), ["Links"] = "N/A", ["Size"] = "N/A" });
                new TableOutput(args.Value("format") is { } f && f != "table" ? f : "table {{.Driver}}\t{{.Name}}").Write(context.Out, rows,
                    new Dictionary<string, string> { ["Driver"] = "DRIVER", ["Name"] = "VOLUME NAME", ["Mountpoint"] = "MOUNTPOINT", ["Scope"] = "SCOPE", ["Labels"] = "LABELS", ["Links"] = "LINKS", ["Size"] = "SIZE" });
                return 0;
            },
        },
        new()
        {
            Name = "volume rm",
            Usage = "volume rm [OPTIONS] VOLUME [VOLUME...]",
            Description = "Remove one or more volumes",
            Aliases = ["volume remove"],
            Flags = [FlagSpec.Bool("force", 'f', "Force the removal of one or more volumes")],
            MinArgs = 1,
            Run = args =>
            {
                var used = UsedVolumes(context);
                var failed = false;
                foreach (var name in args.Arguments)
                {
                    try
                    {
                        if (used.TryGetValue(name, out var container))
                            throw BerthException.Conflict($"remove {name}: volume is in use - [{container}]");
                        if (Store(context).TryGet(name) is null)
                        {
                            if (args.Bool("force")) continue;
                            throw BerthException.NotFound($"get {name}: no such volume");
                        }
                        Store(context).Remove(name);
                        context.Out.WriteLine(name);
                    }
                    catch (BerthException e)
                    {
                        context.Err.WriteLine($"Error: {e.Message}");
                        failed = true;
                    }
                }
                return failed ? 1 : 0;
            },
        },
        InspectCommand.VolumeInspectSpec(context),
        new()
        {
            Name = "volume prune",
            Usage = "volume prune [OPTIONS]",
            Description = "Remove unused local volumes",
            Flags = [FlagSpec.Bool("all", 'a', "Remove all unused volumes, not just anonymous ones"), FlagSpec.List("filter", null, "Provide filter values (e.g. \"label=<label>\")", "filter"), FlagSpec.Bool("force", 'f', "Do not prompt for confirmation")],
            MaxArgs = 0,
            Run = args =>
            {
                if (!Confirm.Ask(context, args, "WARNING! This will remove anonymous local volumes not used by at least one container.")) return 0;
                var used = UsedVolumes(context);
                long reclaimed = 0;
                context.Out.WriteLine("Deleted Volumes:");
                foreach (var volume in Store(context).List().Where(v => !used.ContainsKey(v.Name) && (args.Bool("all") || v.IsAnonymous) && args.List("filter").All(f => !f.StartsWith("label=") || PsFilters.MatchesLabel(v.Labels, f[6..]))))
                {
                    reclaimed += Store(context).SizeOf(volume.Name);
                    Store(context).Remove(volume.Name);
                    context.Out.WriteLine(volume.Name);
                }
                context.Out.WriteLine($"\nTotal reclaimed space: {Units.HumanSize(reclaimed)}");
                return 0;
            },
        },
    ];

    static VolumeStore Store(CliContext context) => new(context.Paths);

    /// <summary>Volume name to the ID of a container (any state) that mounts it: docker refuses to remove those.</summary>
    public static Dictionary<string, string> UsedVolumes(CliContext context)
    {
        var used = new Dictionary<string, string>();
        foreach (var record in context.Containers.List())
            foreach (var mount in record.Mounts.Where(m => m.Type == "volume" && m.Name is not null))
                used.TryAdd(mount.Name!, record.Id);
        return used;
    }

    static bool Matches(VolumeRecord volume, IReadOnlyList<string> filters, Dictionary<string, string> used) => filters.All(filter =>
    {
        var eq = filter.IndexOf('=');
        var (key, value) = eq < 0 ? (filter, "") : (filter[..eq], filter[(eq + 1)..]);
        return key switch
        {
            "dangling" => (value is "true" or "1") == !used.ContainsKey(volume.Name),
            "name" => volume.Name.Contains(value),
            "label" => PsFilters.MatchesLabel(volume.Labels, value),
            "driver" => volume.Driver == value,
            _ => throw BerthException.Invalid($"invalid filter '{key}'"),
        };
    });
}
