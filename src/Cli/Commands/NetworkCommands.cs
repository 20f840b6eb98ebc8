using System.Text.Json.Nodes;
using Berth.Cli.Parsing;
using Berth.Engine.Containers;
using Berth.Engine.Networks;
using Berth.Sys.Errors;

namespace Berth.Cli.Commands;

/// <summary>network create, ls, rm, inspect, connect, disconnect and prune; and `port`.</summary>
static class NetworkCommands
{
    public static IEnumerable<CommandSpec> All(CliContext context) =>
    [
        new()
        {
            Name = "network create",
            Usage = "network create [OPTIONS] NETWORK",
            Description = "Create a network",
            Flags =
            [
                FlagSpec.Value("driver", 'd', "Driver to manage the Network", "string", "bridge"),
                FlagSpec.List("subnet", null, "Subnet in CIDR format that represents a network segment"),
                FlagSpec.List("gateway", null, "IPv4 Gateway for the master subnet"),
                FlagSpec.Bool("internal", null, "Restrict external access to the network"),
                FlagSpec.List("label", null, "Set metadata on a network"),
            ],
            MinArgs = 1,
            MaxArgs = 1,
            Run = args =>
            {
                if (args.Value("driver") is { } driver && driver != "bridge") throw BerthException.Invalid($"network driver \"{driver}\" is not supported: berth has \"bridge\"");
                if (args.List("subnet").Count > 1 || args.List("gateway").Count > 1) throw BerthException.Invalid("berth networks have one IPv4 subnet: give --subnet and --gateway once");
                if (args.List("gateway").Count > 0 && args.List("subnet").Count == 0) throw BerthException.Invalid("--gateway needs --subnet");
                var store = new NetworkStore(context.Paths);
                var network = store.Create(args.Arguments[0], args.List("subnet").FirstOrDefault(), args.List("gateway").FirstOrDefault(),
                    args.Bool("internal"), RunOptions.KeyValues(args.List("label"), "label", emptyValueAllowed: true));
                try
                {
                    BridgeSetup.Ensure(network);
                }
                catch
                {
                    BridgeSetup.Remove(network);
                    store.Remove(network);
                    throw;
                }
                context.Out.WriteLine(network.Id);
                return 0;
            },
        },
        new()
        {
            Name = "network ls",
            Usage = "network ls [OPTIONS]",
            Description = "List networks",
            Aliases = ["network list"],
            Flags = [FlagSpec.List("filter", 'f', "Provide filter values (e.g. \"driver=bridge\")", "filter"), FlagSpec.Value("format", null, "Format output using a custom template"), FlagSpec.Bool("quiet", 'q', "Only display network IDs"), FlagSpec.Bool("no-trunc", null, "Do not truncate the output")],
            MaxArgs = 0,
            Run = args =>
            {
                var networks = new NetworkStore(context.Paths).List().Where(n => Matches(n, args.List("filter"))).ToList();
                var full = args.Bool("no-trunc");
                if (args.Bool("quiet"))
                {
                    foreach (var n in networks) context.Out.WriteLine(full ? n.Id : n.ShortId);
                    return 0;
                }
                var rows = networks.Select(n => new JsonObject
                {
                    ["ID"] = full ? n.Id : n.ShortId, ["Name"] = n.Name, ["Driver"] = n.Driver, ["Scope"] = "local", ["Internal"] = n.Internal.ToString().ToLowerInvariant(),
                    ["CreatedAt"] = n.Created, ["Labels"] = string.Join(',', n.Labels.Select(l => $"{l.Key}={l.Value}")), ["IPv6"] = "false",
                });
                new TableOutput(args.Value("format") is { } f && f != "table" ? f : "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}").Write(context.Out, rows,
                    new Dictionary<string, string> { ["ID"] = "NETWORK ID", ["Name"] = "NAME", ["Driver"] = "DRIVER", ["Scope"] = "SCOPE", ["Internal"] = "INTERNAL", ["CreatedAt"] = "CREATED AT", ["Labels"] = "LABELS", ["IPv6"] = "IPV6" });
                return 0;
            },
        },
        new()
        {
            Name = "network rm",
            Usage = "network rm NETWORK [NETWORK...]",
            Description = "Remove one or more networks",
            Aliases = ["network remove"],
            Flags = [FlagSpec.Bool("force", 'f', "Do not error if the network does not exist")],
            MinArgs = 1,
            Run = args =>
            {
                var failed = false;
                foreach (var name in args.Arguments)
                {
                    try
                    {
                        var store = new NetworkStore(context.Paths);
                        if (store.TryGet(name) is not { } network)
                        {
                            if (args.Bool("force")) continue;
                            throw BerthException.NotFound($"network {name} not found");
                        }
                        if (network.IsPredefined) throw BerthException.Conflict($"{network.Name} is a pre-defined network and cannot be removed");
                        if (Users(context, network).FirstOrDefault() is { } user)
                            throw BerthException.Conflict($"error while removing network: network {network.Name} id {network.Id} has active endpoints ({user.ShortName}): remove or disconnect them first");
                        store.Remove(network);
                        BridgeSetup.Remove(network);
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
        new()
        {
            Name = "network inspect",
            Usage = "network inspect [OPTIONS] NETWORK [NETWORK...]",
            Description = "Display detailed information on one or more networks",
            Flags = [FlagSpec.Value("format", 'f', "Format output using a custom template"), FlagSpec.Bool("verbose", 'v', "Verbose output for diagnostics")],
            MinArgs = 1,
            Run = args =>
            {
                var store = new NetworkStore(context.Paths);
                var found = new List<JsonObject>();
                var failed = false;
                foreach (var name in args.Arguments)
                {
                    if (store.TryGet(name) is { } network) found.Add(Inspect(context, network));
                    else
                    {
                        context.Err.WriteLine($"Error: No such network: {name}");
                        failed = true;
                    }
                }
                InspectCommand.Print(context, found, args.Value("format"));
                return failed ? 1 : 0;
            },
        },
        new()
        {
            Name = "network connect",
            Usage = "network connect [OPTIONS] NETWORK CONTAINER",
            Description = "Connect a container to a network",
            Flags = [FlagSpec.List("alias", null, "Add network-scoped alias for the container"), FlagSpec.Value("ip", null, "IPv4 address (e.g., \"172.30.100.104\")")],
            MinArgs = 2,
            MaxArgs = 2,
            Run = args =>
            {
                new NetworkMembership(context.Paths).Connect(args.Arguments[0], args.Arguments[1], args.List("alias"), args.Value("ip"));
                return 0;
            },
        },
        new()
        {
            Name = "network disconnect",
            Usage = "network disconnect [OPTIONS] NETWORK CONTAINER",
            Description = "Disconnect a container from a network",
            Flags = [FlagSpec.Bool("force", 'f', "Force the container to disconnect from a network")],
            MinArgs = 2,
            MaxArgs = 2,
            Run = args =>
            {
                new NetworkMembership(context.Paths).Disconnect(args.Arguments[0], args.Arguments[1]);
                return 0;
            },
        },
        new()
        {
            Name = "network prune",
            Usage = "network prune [OPTIONS]",
            Description = "Remove all unused networks",
            Flags = [FlagSpec.List("filter", null, "Provide filter values (e.g. \"label=<label>\")", "filter"), FlagSpec.Bool("force", 'f', "Do not prompt for confirmation")],
            MaxArgs = 0,
            Run = args =>
            {
                if (!Confirm.Ask(context, args, "WARNING! This will remove all custom networks not used by at least one container.")) return 0;
                NetworkJanitor.Sweep(context.Paths);
                var store = new NetworkStore(context.Paths);
                var removed = new List<string>();
                foreach (var network in store.List().Where(n => !n.IsPredefined && !Users(context, n).Any() && args.List("filter").All(f => !f.StartsWith("label=") || PsFilters.MatchesLabel(n.Labels, f[6..]))))
                {
                    store.Remove(network);
                    BridgeSetup.Remove(network);
                    removed.Add(network.Name);
                }
                if (removed.Count > 0) context.Out.WriteLine("Deleted Networks:\n" + string.Join('\n', removed));
                return 0;
            },
        },
        new()
        {
            Name = "port",
            Usage = "port CONTAINER [PRIVATE_PORT[/PROTO]]",
            Description = "List port mappings or a specific mapping for the container",
            Aliases = ["container port"],
            MinArgs = 1,
            MaxArgs = 2,
            Run = args =>
            {
                var container = context.Containers.Get(args.Arguments[0]);
                var wanted = args.Arguments.Count > 1 ? (args.Arguments[1].Contains('/') ? args.Arguments[1] : args.Arguments[1] + "/tcp") : null;
                var lines = new List<string>();
                foreach (var (key, bindings) in container.NetworkSettings.Ports.OrderBy(p => int.TryParse(p.Key.Split('/')[0], out var n) ? n : 0))
                {
                    if (wanted is not null && key != wanted) continue;
                    foreach (var binding in bindings ?? []) lines.Add(wanted is null ? $"{key} -> {binding.HostIp}:{binding.HostPort}" : $"{binding.HostIp}:{binding.HostPort}");
                }
                if (wanted is not null && lines.Count == 0) throw BerthException.NotFound($"No public port '{wanted}' published for {container.ShortName}");
                foreach (var line in lines) context.Out.WriteLine(line);
                return 0;
            },
        },
    ];

    /// <summary>Containers (in any state) attached to the network: docker refuses to remove it under them.</summary>
    static IEnumerable<ContainerRecord> Users(CliContext context, NetworkRecord network) =>
        context.Containers.List().Where(c => c.NetworkSettings.Networks.TryGetValue(network.Name, out var e) && (e.NetworkID.Length == 0 || e.NetworkID == network.Id));

    /// <summary>docker's network JSON: IPAM config, options, and the running containers with their addresses.</summary>
    static JsonObject Inspect(CliContext context, NetworkRecord network)
    {
        var containers = new JsonObject();
        foreach (var c in Users(context, network).Where(c => c.State.Running))
        {
            var e = c.NetworkSettings.Networks[network.Name];
            containers[c.Id] = new JsonObject
            {
                ["Name"] = c.ShortName, ["EndpointID"] = e.EndpointID, ["MacAddress"] = e.MacAddress,
                ["IPv4Address"] = e.IPAddress.Length > 0 ? $"{e.IPAddress}/{e.IPPrefixLen}" : "", ["IPv6Address"] = "",
            };
        }
        var config = new JsonArray();
        if (network.Subnet.Length > 0) config.Add((JsonNode)new JsonObject { ["Subnet"] = network.Subnet, ["Gateway"] = network.Gateway });
        var options = new JsonObject();
        if (network.Driver == "bridge") options["com.docker.network.bridge.name"] = network.BridgeName;
        var labels = new JsonObject();
        foreach (var (k, v) in network.Labels) labels[k] = v;
        return new JsonObject
        {
            ["Name"] = network.Name, ["Id"] = network.Id, ["Created"] = network.Created, ["Scope"] = "local", ["Driver"] = network.Driver,
            ["EnableIPv6"] = false,
            ["IPAM"] = new JsonObject { ["Driver"] = "default", ["Options"] = null, ["Config"] = config },
            ["Internal"] = network.Internal, ["Attachable"] = false, ["Ingress"] = false,
            ["ConfigFrom"] = new JsonObject { ["Network"] = "" }, ["ConfigOnly"] = false,
            ["Containers"] = containers, ["Options"] = options, ["Labels"] = labels,
        };
    }

    static bool Matches(NetworkRecord network, IReadOnlyList<string> filters) => filters.All(filter =>
    {
        var eq = filter.IndexOf('=');
        var (key, value) = eq < 0 ? (filter, "") : (filter[..eq], filter[(eq + 1)..]);
        return key switch
        {
            "name" => network.Name.Contains(value),
            "id" => network.Id.StartsWith(value),
            "driver" => network.Driver == value,
            "label" => PsFilters.MatchesLabel(network.Labels, value),
            "type" => value == (network.IsPredefined ? "builtin" : "custom"),
            _ => throw BerthException.Invalid($"invalid filter '{key}'"),
        };
    });
}
