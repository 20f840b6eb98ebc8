using Berth.Network;
using Berth.Network.Nft;
using Berth.Network.Ports;

namespace Berth.Engine.Networks;

/// <summary>
/// A container's published ports as kernel DNAT, in its own table "berthc-ID12": one rule per
/// mapping (a 1000-port range is one rule when host and container ports agree), for packets arriving
/// (prerouting) and for the host's own connections (output). No proxy process, no memory per port.
/// Created and deleted as a whole table, each in one transaction.
/// </summary>
public static class PortRules
{
    public const string TablePrefix = "berthc-";

    public static string TableOf(string containerId) => TablePrefix + containerId[..12];

    public static void Apply(string containerId, string containerIp, IReadOnlyList<PortMapping> mappings)
    {
        if (mappings.Count == 0) return;
        var table = TableOf(containerId);
        var batch = new NftBatch().ReplaceTable(table)
            .BaseChain(table, "prerouting", "nat", "prerouting", -100)
            .BaseChain(table, "output", "nat", "output", -100);
        foreach (var chain in new[] { "prerouting", "output" })
            foreach (var mapping in mappings)
                foreach (var (hostFirst, hostLast, port) in Segments(mapping))
                    batch.Rule(table, chain,
                        mapping.HostIp.Length > 0 ? NftExpr.Address("daddr", mapping.HostIp) : NftExpr.LocalDestination(),
                        NftExpr.DestinationPort(mapping.Protocol, hostFirst, hostLast),
                        NftExpr.Dnat(containerIp, port));
        NftTool.Apply(batch, $"publish ports of container {containerId[..12]}");
    }

    /// <summary>Equal ranges keep the port (one rule); shifted ones need a rule per port.</summary>
    static IEnumerable<(int HostFirst, int HostLast, int ContainerPort)> Segments(PortMapping mapping)
    {
        if (mapping.HostFirst == mapping.ContainerFirst) yield return (mapping.HostFirst, mapping.HostLast, 0);
        else
            for (var i = 0; i < mapping.Count; i++) yield return (mapping.HostFirst + i, mapping.HostFirst + i, mapping.ContainerFirst + i);
    }

    public static void Remove(string containerId) => NftTool.DeleteTable(TableOf(containerId));
}
