using Berth.Network;
using Berth.Network.Netlink;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Networks;

/// <summary>
/// `network connect` and `disconnect` on a running container, done by the CLI in the container's
/// namespace (through /proc/PID/ns/net) while its monitor runs it. Leases and names are taken in the
/// monitor's name (its lock), so a kill -9 of the monitor frees them as it frees the planned ones; the
/// endpoint goes into network-state.json, from which inspect reads and the monitor's release undoes.
/// </summary>
public static class LiveConnection
{
    /// <summary>Plugs the running container <paramref name="id"/> into <paramref name="network"/>; all or nothing.</summary>
    public static LiveEndpoint Connect(BerthPaths paths, string id, int pid, NetworkRecord network, IReadOnlyList<string> names, uint requested)
    {
        var owner = paths.MonitorLock(id);
        using var locked = EndpointState.Lock(paths, id);
        var state = EndpointState.TryRead(paths, id) ?? throw BerthException.Conflict($"container {id[..12]} is not running");
        if (state.Endpoints.Any(e => e.NetworkId == network.Id))
            throw BerthException.Conflict($"endpoint with name {names[0]} already exists in network {network.Name}");
        var bridgeIndex = BridgeSetup.Ensure(network);
        var address = Ipam.Lease(network, owner, requested);
        var endpoint = new LiveEndpoint(network.Name, network.Id, network.BridgeName, NetworkAttachment.NewVethName(), "",
            address, network.ParsedSubnet.PrefixLength, network.Gateway, network.Internal);
        var done = false;
        try
        {
            endpoint = endpoint with { Interface = Plug(pid, bridgeIndex, endpoint) };
            if (network.HasDns) DnsRecords.Publish(paths, network.Id, id, owner, address, names);
            // The monitor may have died meanwhile: then nothing would undo this endpoint but the janitor.
            if (!Sys.Files.FileLock.IsHeld(owner)) throw BerthException.Conflict($"container {id[..12]} is not running");
            (state with { Endpoints = [.. state.Endpoints, endpoint] }).Write(paths, id);
            done = true;
            return endpoint;
        }
        finally
        {
            if (!done)
            {
                DeleteLink(endpoint.HostVeth);
                NetworkAttachment.ReleaseEndpoint(paths, id, endpoint);
            }
        }
    }

    /// <summary>Unplugs the running container from the network; false if it has no live endpoint there.</summary>
    public static bool Disconnect(BerthPaths paths, string id, int pid, NetworkRecord network)
    {
        using var locked = EndpointState.Lock(paths, id);
        if (EndpointState.TryRead(paths, id) is not { } state || state.Endpoints.FirstOrDefault(e => e.NetworkId == network.Id) is not { } endpoint)
            return false;
        // Names first, so nobody resolves an address that is going; the lease last, so it is not reused while the link lives.
        DnsRecords.Remove(paths, endpoint.NetworkId, id);
        DeleteLink(endpoint.HostVeth);
        Ipam.Release(endpoint.Bridge, endpoint.Address, paths.MonitorLock(id));
        var remaining = state.Endpoints.Where(e => e != endpoint).ToList();
        // Published ports lead to the first endpoint's address: if that one went, they follow the next.
        if (state.Ports.Count > 0 && endpoint == state.Endpoints[0])
        {
            if (remaining.Count > 0) PortRules.Apply(id, Ipv4.Format(remaining[0].Address), state.Ports);
            else PortRules.Remove(id);
        }
        (state with { Endpoints = remaining }).Write(paths, id);
        // The default route went with the link if it was this network's: another network's gateway takes over, as in docker.
        if (remaining.FirstOrDefault(e => !e.Internal) is { } next) RouteVia(pid, next);
        return true;
    }

    /// <summary>The veth pair, the address, the link up inside; a default route only if the container has none. Returns the interface name.</summary>
    static string Plug(int pid, int bridgeIndex, LiveEndpoint endpoint)
    {
        string name;
        using (NetnsScope.Enter(pid)) name = FreeInterfaceName();
        var netns = Libc.Check(Libc.open($"/proc/{pid}/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC, 0), "open the container's network namespace");
        try
        {
            using var host = new NetlinkSocket();
            new Links(host).CreateVeth(endpoint.HostVeth, bridgeIndex, NetworkStore.Mtu, name, netns, Ipv4.Mac(endpoint.Address));
        }
        finally
        {
            Libc.close(netns);
        }
        using (NetnsScope.Enter(pid))
        {
            using var inside = new NetlinkSocket();
            var links = new Links(inside);
            var index = Links.IndexOf(name);
            NetworkAttachment.DisableIpv6(name);
            links.AddAddress(index, endpoint.Address, endpoint.PrefixLength, name);
            links.SetUp(index, name);
            if (!endpoint.Internal) AddRouteUnlessPresent(links, endpoint, index);
        }
        return name;
    }

    static void RouteVia(int pid, LiveEndpoint endpoint)
    {
        using (NetnsScope.Enter(pid))
        {
            using var inside = new NetlinkSocket();
            AddRouteUnlessPresent(new Links(inside), endpoint, Links.IndexOf(endpoint.Interface));
        }
    }

    static void AddRouteUnlessPresent(Links links, LiveEndpoint endpoint, int index)
    {
        if (index <= 0) return;
        var errno = links.TryAddDefaultRoute(Ipv4.Parse(endpoint.Gateway, "gateway"), index);
        if (errno != 0 && errno != Errno.EEXIST) throw new SystemCallException($"add default route via {endpoint.Gateway}", errno);
    }

    /// <summary>The first ethN the namespace lacks (a disconnect may have left a gap).</summary>
    static string FreeInterfaceName()
    {
        for (var n = 0; ; n++)
            if (Links.IndexOf($"eth{n}") == 0) return $"eth{n}";
    }

    static void DeleteLink(string veth)
    {
        using var host = new NetlinkSocket();
        new Links(host).Delete(veth);
    }
}
