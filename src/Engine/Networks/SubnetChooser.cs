using Berth.Network;
using Berth.Sys.Errors;

namespace Berth.Engine.Networks;

/// <summary>
/// Picks a free subnet as docker does (172.17–31.0.0/16, then 192.168.N.0/20), and refuses one that
/// overlaps another network of this root or any route of the host (another root's bridge, a VPN, the LAN).
/// </summary>
public static class SubnetChooser
{
    public static Subnet Choose(IReadOnlyList<NetworkRecord> existing)
    {
        foreach (var candidate in Candidates())
            if (Overlapping(candidate, existing) is null) return candidate;
        throw BerthException.Conflict("all predefined address pools have been fully subnetted: remove unused networks, or give --subnet");
    }

    public static void RefuseOverlap(Subnet subnet, IReadOnlyList<NetworkRecord> existing)
    {
        if (Overlapping(subnet, existing) is { } what)
            throw BerthException.Conflict($"invalid pool request: Pool overlaps with other one on this address space ({subnet} overlaps {what})");
    }

    /// <summary>The first network or host route that overlaps <paramref name="subnet"/>, described; null if none.</summary>
    static string? Overlapping(Subnet subnet, IReadOnlyList<NetworkRecord> existing)
    {
        foreach (var network in existing)
            if (network.Subnet.Length > 0 && network.ParsedSubnet.Overlaps(subnet)) return $"network {network.Name}";
        foreach (var (route, device) in HostRoutes.List())
            if (route.PrefixLength > 0 && route.Overlaps(subnet)) return $"the route to {route} on {device}";
        return null;
    }

    static IEnumerable<Subnet> Candidates()
    {
        for (var second = 17; second <= 31; second++) yield return new Subnet((172u << 24) | ((uint)second << 16), 16);
        for (var third = 0; third < 256; third += 16) yield return new Subnet((192u << 24) | (168u << 16) | ((uint)third << 8), 20);
    }
}
