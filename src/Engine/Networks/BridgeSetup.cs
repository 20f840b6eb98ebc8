using Berth.Network;
using Berth.Network.Netlink;
using Berth.Network.Nft;

namespace Berth.Engine.Networks;

/// <summary>
/// A network's bridge and its rules: the bridge with the gateway address, and the table
/// "berthn-BRIDGE" with outbound masquerade, isolation from other bridges, and the rules that let a
/// published port answer on 127.0.0.1. Made when first needed (and again after a reboot).
/// </summary>
public static class BridgeSetup
{
    public const string TablePrefix = "berthn-";

    public static string TableOf(NetworkRecord network) => TablePrefix + network.BridgeName;

    /// <summary>Makes the bridge if it is missing; cheap (one lookup) when it exists.</summary>
    public static int Ensure(NetworkRecord network)
    {
        var index = Links.IndexOf(network.BridgeName);
        if (index > 0) return index;
        using var socket = new NetlinkSocket();
        var links = new Links(socket);
        links.CreateBridge(network.BridgeName, NetworkStore.Mtu);
        index = Links.IndexOf(network.BridgeName);
        try
        {
            links.AddAddress(index, Ipv4.Parse(network.Gateway, "gateway"), network.ParsedSubnet.PrefixLength, network.BridgeName);
            // 127.0.0.1:PORT is DNATed to a container: the packet leaves with source 127.0.0.1, which
            // the kernel drops as martian on any interface without route_localnet.
            Sysctl($"/proc/sys/net/ipv4/conf/{network.BridgeName}/route_localnet", "1");
            Sysctl("/proc/sys/net/ipv4/ip_forward", "1");
            NftTool.Apply(Rules(network), $"set up the rules of network {network.Name}");
        }
        catch
        {
            links.Delete(network.BridgeName);
            throw;
        }
        return index;
    }

    /// <summary>Removes the bridge and its table; what is gone already is fine.</summary>
    public static void Remove(NetworkRecord network)
    {
        using var socket = new NetlinkSocket();
        new Links(socket).Delete(network.BridgeName);
        NftTool.DeleteTable(TableOf(network));
        // Its address leases went with its last container; the directory (and its lock) goes with it.
        try { Directory.Delete(HostNetState.Leases(network.BridgeName), recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    static NftBatch Rules(NetworkRecord network)
    {
        var table = TableOf(network);
        var bridge = network.BridgeName;
        var subnet = network.ParsedSubnet;
        var batch = new NftBatch().ReplaceTable(table)
            .BaseChain(table, "postrouting", "nat", "postrouting", 100)
            .BaseChain(table, "forward", "filter", "forward", 0);
        if (!network.Internal)
            batch.Rule(table, "postrouting", NftExpr.Address("saddr", subnet), NftExpr.Meta("oifname", bridge, equal: false), NftExpr.Masquerade());
        batch.Rule(table, "postrouting", NftExpr.Meta("oifname", bridge), NftExpr.Address("saddr", new Subnet(127u << 24, 8)), NftExpr.Masquerade())
            .Rule(table, "postrouting", NftExpr.Meta("iifname", bridge), NftExpr.Meta("oifname", bridge), NftExpr.CtStatusDnat(), NftExpr.Masquerade());
        if (network.Internal)
        {
            batch.Rule(table, "forward", NftExpr.Meta("iifname", bridge), NftExpr.Meta("oifname", bridge, equal: false), NftExpr.Drop())
                .Rule(table, "forward", NftExpr.Meta("oifname", bridge), NftExpr.Meta("iifname", bridge, equal: false), NftExpr.Drop());
        }
        // Networks are isolated from each other, as docker's DOCKER-ISOLATION chains do.
        foreach (var others in new[] { "br-*", "berth*" })
            batch.Rule(table, "forward", NftExpr.Meta("iifname", bridge), NftExpr.Meta("oifname", bridge, equal: false), NftExpr.Meta("oifname", others), NftExpr.Drop());
        return batch;
    }

    static void Sysctl(string path, string value)
    {
        if (File.Exists(path) && File.ReadAllText(path).Trim() == value) return;
        File.WriteAllText(path, value);
    }
}
