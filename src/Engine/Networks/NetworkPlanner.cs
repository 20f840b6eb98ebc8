using Berth.Engine.Containers;
using Berth.Network.Ports;
using Berth.Sys.Errors;

namespace Berth.Engine.Networks;

/// <summary>Turns a container's record into the plan its monitor carries out at start (null: no bridge network).</summary>
public static class NetworkPlanner
{
    public static NetworkPlan? Plan(BerthPaths paths, ContainerRecord record)
    {
        var mode = record.HostConfig.NetworkMode;
        if (mode is "host" or "none" || mode.StartsWith("container:", StringComparison.Ordinal)) return null;
        var store = new NetworkStore(paths);
        var planned = new List<PlannedNetwork>();
        foreach (var (name, endpoint) in record.NetworkSettings.Networks)
        {
            var network = store.TryGet(endpoint.NetworkID.Length > 0 ? endpoint.NetworkID : name) ?? store.TryGet(name)
                ?? throw BerthException.NotFound($"network {name} not found: it was removed; disconnect the container from it with 'berth network disconnect {name} {record.ShortName}'");
            if (network.Driver != "bridge") continue;
            if (network.Name == NetworkStore.DefaultBridgeName) network = DefaultBridge.Current(network);
            var names = network.HasDns ? new List<string> { record.ShortName, record.Id[..12] } : [];
            planned.Add(new PlannedNetwork(network.Name, network.Id, network.BridgeName, network.Subnet, network.Gateway, network.Internal, network.HasDns,
                names, network.HasDns ? endpoint.Aliases ?? [] : [], endpoint.RequestedAddress ?? ""));
        }
        if (planned.Count == 0) return null;
        var gateway = planned[0].Gateway;
        return new NetworkPlan
        {
            Networks = planned,
            Ports = Coalesce(Bindings(record)).ToList(),
            Hostname = record.Config.Hostname,
            HostsBase = Lifecycle.NetworkFiles.BaseHosts(record.HostConfig, gateway),
            Upstreams = record.HostConfig.Dns ?? Lifecycle.NetworkFiles.HostResolvers(),
        };
    }

    /// <summary>-p bindings, plus with -P every exposed port not bound already, to a random host port.</summary>
    static IEnumerable<PortMapping> Bindings(ContainerRecord record)
    {
        var bindings = record.HostConfig.PortBindings ?? [];
        foreach (var (key, list) in bindings.OrderBy(b => PortNumber(b.Key)))
            foreach (var binding in list)
                yield return PortSpecParser.Parse(binding.HostIp.Length > 0 ? $"{binding.HostIp}:{binding.HostPort}:{key}" : binding.HostPort.Length > 0 ? $"{binding.HostPort}:{key}" : key);
        if (!record.HostConfig.PublishAllPorts) yield break;
        foreach (var key in (record.Config.ExposedPorts ?? []).Keys.OrderBy(PortNumber))
            if (!bindings.ContainsKey(key)) yield return PortSpecParser.Parse(key);
    }

    static int PortNumber(string key) => int.TryParse(key.Split('/')[0], out var port) ? port : 0;

    /// <summary>Consecutive single-port bindings (how docker stores a range) become one range again: one rule, not one per port.</summary>
    static IEnumerable<PortMapping> Coalesce(IEnumerable<PortMapping> mappings)
    {
        PortMapping? run = null;
        foreach (var m in mappings)
        {
            if (run is not null && m.Count == 1 && !m.ChoosesHostPort && !run.ChoosesHostPort && m.Protocol == run.Protocol && m.HostIp == run.HostIp
                && m.ContainerFirst == run.ContainerLast + 1 && m.HostFirst == run.HostLast + 1)
            {
                run = run with { ContainerLast = m.ContainerFirst, HostLast = m.HostFirst };
                continue;
            }
            if (run is not null) yield return run;
            run = m;
        }
        if (run is not null) yield return run;
    }
}
