using Berth.Engine.Containers;
using Berth.Network;
using Berth.Sys.Errors;

namespace Berth.Engine.Networks;

/// <summary>
/// `network connect` and `disconnect`: the container's record (what its next start plans), and, when it
/// runs, its live endpoint and the plan its monitor follows on a restart. Under the container's
/// lifecycle lock, so no start or remove runs halfway through.
/// </summary>
public sealed class NetworkMembership(BerthPaths paths)
{
    readonly ContainerStore _containers = new(paths);
    readonly NetworkStore _networks = new(paths);

    public void Connect(string networkName, string containerName, IReadOnlyList<string> aliases, string? ip)
    {
        var network = _networks.Get(networkName);
        if (network.Driver != "bridge") throw BerthException.Invalid($"container cannot be connected to network {network.Name}: use --network {network.Name} at create");
        var container = _containers.Get(containerName);
        var mode = container.HostConfig.NetworkMode;
        if (mode is "host" or "none" || mode.StartsWith("container:", StringComparison.Ordinal))
            throw BerthException.Invalid($"container {container.ShortName} uses --network {mode}: it cannot join a bridge network");
        if (ip is not null && !network.HasDns)
            throw BerthException.Invalid("user specified IP address is supported on user defined networks only");
        var requested = ip is null ? 0 : Ipv4.Parse(ip, "--ip");
        if (aliases.Count > 0 && !network.HasDns) throw BerthException.Invalid("network-scoped alias is supported only for containers in user defined networks");
        using var lifecycle = _containers.LifecycleLock(container.Id);
        container = _containers.Get(container.Id);
        if (container.NetworkSettings.Networks.ContainsKey(network.Name))
            throw BerthException.Conflict($"endpoint with name {container.ShortName} already exists in network {network.Name}");
        var running = container.State.Running && container.State.Pid > 0;
        if (running)
        {
            var live = network.Name == NetworkStore.DefaultBridgeName ? DefaultBridge.Current(network) : network;
            LiveConnection.Connect(paths, container.Id, container.State.Pid, live, [container.ShortName, container.Id[..12], .. aliases], requested);
        }
        ContainerRecord updated;
        try
        {
            updated = _containers.Update(container.Id, r => r with
            {
                NetworkSettings = r.NetworkSettings with
                {
                    Networks = new(r.NetworkSettings.Networks)
                    {
                        [network.Name] = new EndpointSettings { NetworkID = network.Id, Aliases = aliases.Count > 0 ? [.. aliases] : null, RequestedAddress = ip },
                    },
                },
            });
        }
        catch when (running)
        {
            LiveConnection.Disconnect(paths, container.Id, container.State.Pid, network);
            throw;
        }
        if (_containers.MonitorAlive(container.Id)) ReplanRestarts(updated);
    }

    public void Disconnect(string networkName, string containerName)
    {
        var network = _networks.Get(networkName);
        var container = _containers.Get(containerName);
        using var lifecycle = _containers.LifecycleLock(container.Id);
        container = _containers.Get(container.Id);
        if (!container.NetworkSettings.Networks.ContainsKey(network.Name))
            throw BerthException.Conflict($"container {container.ShortName} is not connected to network {network.Name}");
        if (container.State.Running && container.State.Pid > 0) LiveConnection.Disconnect(paths, container.Id, container.State.Pid, network);
        var updated = _containers.Update(container.Id, r =>
        {
            var networks = new Dictionary<string, EndpointSettings>(r.NetworkSettings.Networks);
            networks.Remove(network.Name);
            return r with { NetworkSettings = r.NetworkSettings with { Networks = networks } };
        });
        if (_containers.MonitorAlive(container.Id)) ReplanRestarts(updated);
    }

    /// <summary>A restart policy restarts the container from its live monitor's plan (also between runs): it must carry the change.</summary>
    void ReplanRestarts(ContainerRecord record)
    {
        var bundle = paths.Bundle(record.Id);
        if (NetworkPlanner.Plan(paths, record) is { } plan) plan.Write(bundle);
        else File.Delete(Path.Combine(bundle, NetworkPlan.FileName));
    }
}
