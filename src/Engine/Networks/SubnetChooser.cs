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

    /// <summary>Addresses no bridge may have: "this" network, loopback (its routes live in the local table, not the main one), link-local, multicast and above.</summary>
    static readonly (Subnet Range, string What)[] Reserved =
    [
        (new Subnet(0, 8), "\"this\" network 0.0.0.0/8"),
        (new Subnet(127u << 24, 8), "loopback 127.0.0.0/8"),
        (new Subnet((169u << 24) | (254u << 16), 16), "link-local 169.254.0.0/16"),
        (new Subnet(224u << 24, 3), "multicast and reserved 224.0.0.0/3"),
    ];

    /// <summary>The first network, reserved range or host route that overlaps <paramref name="subnet"/>, described; null if none.</summary>
    static string? Overlapping(Subnet subnet, IReadOnlyList<NetworkRecord> existing)
    {
        foreach (var (range, what) in Reserved)
            if (range.Overlaps(subnet)) return what;
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
