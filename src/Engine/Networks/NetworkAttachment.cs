using Berth.Network;
using Berth.Network.Netlink;
using Berth.Network.Ports;
using Berth.Sys.Files;
using Berth.Sys.Interop;

namespace Berth.Engine.Networks;

/// <summary>A container's place on one network: its address and the host's end of its veth.</summary>
public sealed record Endpoint(PlannedNetwork Network, int BridgeIndex, uint Address, string HostVeth, string Interface)
{
    public LiveEndpoint Live => new(Network.Name, Network.Id, Network.Bridge, HostVeth, Interface, Address, Subnet.Parse(Network.Subnet).PrefixLength, Network.Gateway, Network.Internal);
}

/// <summary>
/// The monitor's side of a container's network, for one run: <see cref="Prepare"/> leases addresses and
/// claims ports before the clone; <see cref="Attach"/> runs between clone and release and plugs the veths
/// into the new namespace; <see cref="Publish"/> adds port rules and names once it runs; <see cref="Release"/>
/// undoes it all when it exits. A failure at any step undoes the steps before it.
/// </summary>
public sealed class NetworkAttachment
{
    readonly BerthPaths _paths;
    readonly string _id;
    readonly NetworkPlan _plan;
    readonly List<Endpoint> _endpoints = [];
    List<PortMapping> _ports = [];
    bool _published;
    bool _stateWritten;

    NetworkAttachment(BerthPaths paths, string id, NetworkPlan plan)
    {
        _paths = paths;
        _id = id;
        _plan = plan;
    }

    public DnsResponder? Dns { get; private set; }
    string Owner => _paths.MonitorLock(_id);

    public static NetworkAttachment Prepare(BerthPaths paths, string id, NetworkPlan plan)
    {
        var attachment = new NetworkAttachment(paths, id, plan);
        try
        {
            attachment.LeaseAndClaim();
            return attachment;
        }
        catch
        {
            attachment.Release();
            throw;
        }
    }

    void LeaseAndClaim()
    {
        foreach (var network in _plan.Networks)
        {
            var record = _plan.RecordOf(network);
            var index = BridgeSetup.Ensure(record);
            var requested = network.RequestedAddress.Length > 0 ? Ipv4.Parse(network.RequestedAddress, "--ip") : 0;
            var address = Ipam.Lease(record, Owner, requested);
            _endpoints.Add(new Endpoint(network, index, address, NewVethName(), $"eth{_endpoints.Count}"));
        }
        if (_plan.Ports.Count > 0 && _endpoints.Count == 0)
            throw Sys.Errors.BerthException.Invalid("published ports need a bridge network: this container has none");
        _ports = PortClaims.Claim(_id, Owner, _plan.Ports);
        var hosts = _plan.HostsBase + string.Concat(_endpoints.Take(1).Select(e => $"{Ipv4.Format(e.Address)}\t{_plan.Hostname}\n"));
        AtomicFile.WriteText(_paths.HostsPath(_id), hosts);
    }

    /// <summary>The host end of a veth: random, so that no two containers' can clash.</summary>
    internal static string NewVethName() => "veth" + Convert.ToHexString(Guid.NewGuid().ToByteArray())[..7].ToLowerInvariant();

    /// <summary>In the window between clone and release: the veths, their addresses and the default route, and the DNS socket.</summary>
    public void Attach(int pid)
    {
        var netns = Libc.Check(Libc.open($"/proc/{pid}/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC, 0), "open the container's network namespace");
        try
        {
            Sys.Diagnostics.Timing.Mark("network: attach begins");
            using (var host = new NetlinkSocket())
            {
                var links = new Links(host);
                foreach (var e in _endpoints)
                    links.CreateVeth(e.HostVeth, e.BridgeIndex, NetworkStore.Mtu, e.Interface, netns, Ipv4.Mac(e.Address));
            }
            Sys.Diagnostics.Timing.Mark("network: veths created");
            int dnsFd = -1;
            using (NetnsScope.Enter(pid))
            {
                using var inside = new NetlinkSocket();
                var links = new Links(inside);
                foreach (var e in _endpoints)
                {
                    var index = Links.IndexOf(e.Interface);
                    DisableIpv6(e.Interface);
                    links.AddAddress(index, e.Address, Subnet.Parse(e.Network.Subnet).PrefixLength, e.Interface);
                    links.SetUp(index, e.Interface);
                    if (e == _endpoints[0] && !e.Network.Internal) links.AddDefaultRoute(Ipv4.Parse(e.Network.Gateway, "gateway"), index);
                }
                if (_plan.ServesDns) dnsFd = DnsResponder.BindInside();
            }
            Sys.Diagnostics.Timing.Mark("network: configured inside");
            // Written here, while the child starts up in parallel, rather than on the path after its exec.
            new EndpointState(_endpoints.Select(e => e.Live).ToList(), _ports).Write(_paths, _id);
            _stateWritten = true;
            if (dnsFd >= 0) Dns = DnsResponder.Create(dnsFd, RecordDirs, _plan.Upstreams);
        }
        finally
        {
            Libc.close(netns);
        }
    }

    /// <summary>
    /// As docker does on networks without IPv6: no link-local address, so no router solicitations or
    /// neighbour discovery chatter on the bridge. Written through this thread's namespace (sysctl's net
    /// directory is the opener's), before the link goes up.
    /// </summary>
    internal static void DisableIpv6(string link)
    {
        var fd = Libc.open($"/proc/sys/net/ipv6/conf/{link}/disable_ipv6", Libc.O_WRONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return; // a kernel without IPv6
        try { Libc.WriteAll(fd, "1"u8); }
        finally { Libc.close(fd); }
    }

    /// <summary>
    /// The name directories the container's resolver answers from: its planned networks until its names
    /// are published, then the networks that hold its names now, so that `network connect` and
    /// `disconnect` change what it resolves while it runs.
    /// </summary>
    IEnumerable<string> RecordDirs() => _published
        ? DnsRecords.DirsOf(_paths, _id)
        : _plan.Networks.Where(n => n.Dns).Select(n => DnsRecords.Dir(_paths, n.Id));

    /// <summary>Once the container runs: its published ports and its names.</summary>
    public void Publish()
    {
        if (_endpoints.Count > 0) PortRules.Apply(_id, Ipv4.Format(_endpoints[0].Address), _ports);
        foreach (var e in _endpoints.Where(e => e.Network.Dns))
            DnsRecords.Publish(_paths, e.Network.Id, _id, Owner, e.Address, [.. e.Network.Names, .. e.Network.Aliases]);
        _published = true;
    }

    /// <summary>
    /// Undoes everything; safe to call on a half-prepared attachment, and twice. Once attached, what is
    /// undone is what network-state.json lists: `network connect` and `disconnect` may have changed it.
    /// </summary>
    /// <param name="keepLinks">Leave the host ends of the veths for <see cref="DeleteLinks"/>, and return their names.</param>
    public List<string> Release(bool keepLinks = false)
    {
        Dns?.Dispose();
        Dns = null;
        if (_ports.Count > 0)
        {
            PortRules.Remove(_id);
            PortClaims.Release(_id);
            _ports = [];
        }
        List<LiveEndpoint> endpoints;
        if (_stateWritten)
        {
            using var locked = EndpointState.Lock(_paths, _id);
            endpoints = EndpointState.TryRead(_paths, _id)?.Endpoints ?? _endpoints.Select(e => e.Live).ToList();
            EndpointState.Delete(_paths, _id);
        }
        else endpoints = _endpoints.Select(e => e.Live).ToList();
        foreach (var e in endpoints) ReleaseEndpoint(_paths, _id, e);
        _endpoints.Clear();
        _published = _stateWritten = false;
        var veths = endpoints.Select(e => e.HostVeth).ToList();
        if (!keepLinks) DeleteLinks(veths);
        Sys.Diagnostics.Timing.Mark("network: released");
        return keepLinks ? veths : [];
    }

    /// <summary>An endpoint's address lease and names (its link is the caller's to delete).</summary>
    public static void ReleaseEndpoint(BerthPaths paths, string id, LiveEndpoint e)
    {
        Ipam.Release(e.Bridge, e.Address, paths.MonitorLock(id));
        DnsRecords.Remove(paths, e.NetworkId, id);
    }

    /// <summary>
    /// Deletes host-side veths. They would die with the container's namespace anyway, but that happens
    /// later, in the kernel's own time; deleting them makes `rm` leave nothing behind when it returns.
    /// </summary>
    public static void DeleteLinks(IReadOnlyList<string> veths)
    {
        if (veths.Count == 0) return;
        using var host = new NetlinkSocket();
        var links = new Links(host);
        foreach (var veth in veths) links.Delete(veth);
    }
}
