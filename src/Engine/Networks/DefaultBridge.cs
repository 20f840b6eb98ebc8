using Berth.Network;
using Berth.Network.Netlink;

namespace Berth.Engine.Networks;

/// <summary>
/// The default network's bridge, berth0, is one per host like docker0, whichever root made it: its
/// subnet is the address berth0 already has, or else the first 172.N.0.0/16 no host route overlaps.
/// </summary>
static class DefaultBridge
{
    /// <summary>
    /// The default network as berth0 is now: another root may have made berth0 (after a reboot, say)
    /// with another subnet than this root recorded, and the bridge's address is what counts.
    /// </summary>
    public static NetworkRecord Current(NetworkRecord recorded)
    {
        if (Links.IndexOf(NetworkStore.DefaultBridgeDevice) <= 0) return recorded;
        var live = Subnet();
        return live.ToString() == recorded.Subnet ? recorded : recorded with { Subnet = live.ToString(), Gateway = Ipv4.Format(live.Network + 1) };
    }

    public static Subnet Subnet()
    {
        var index = Links.IndexOf(NetworkStore.DefaultBridgeDevice);
        if (index > 0)
        {
            using var socket = new NetlinkSocket();
            if (new Links(socket).Addresses(index) is [var (address, length), ..])
                return new Subnet(address & new Subnet(0, length).Mask, length);
        }
        return SubnetChooser.Choose([]);
    }
}
