using System.Buffers.Binary;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Network.Netlink;

/// <summary>Links, addresses and routes through rtnetlink: what `ip link/addr/route` would do, without the process.</summary>
public sealed class Links(NetlinkSocket socket)
{
    const ushort RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_NEWADDR = 20, RTM_GETADDR = 22, RTM_NEWROUTE = 24;
    const ushort IFLA_ADDRESS = 1, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_MASTER = 10, IFLA_LINKINFO = 18, IFLA_NET_NS_FD = 28;
    const ushort IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2, VETH_INFO_PEER = 1;
    const ushort IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_BROADCAST = 4;
    const ushort RTA_GATEWAY = 5, RTA_OIF = 4;
    const uint IFF_UP = 1;
    const ushort Create = NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL | NetlinkMessage.NLM_F_ACK;

    /// <summary>Creates a bridge, up; false if a link of that name exists already.</summary>
    public bool CreateBridge(string name, int mtu)
    {
        var message = new NetlinkMessage(RTM_NEWLINK, Create).IfInfo(flags: IFF_UP, change: IFF_UP)
            .String(IFLA_IFNAME, name).U32(IFLA_MTU, (uint)mtu)
            .Begin(IFLA_LINKINFO).String(IFLA_INFO_KIND, "bridge").End();
        var errno = socket.TryRequest(message);
        if (errno == Errno.EEXIST) return false;
        if (errno != 0) throw new SystemCallException($"create bridge {name}", errno);
        return true;
    }

    /// <summary>
    /// A veth pair in one request: <paramref name="hostName"/> here, enslaved to the bridge and up;
    /// its peer <paramref name="peerName"/> created directly in the namespace <paramref name="peerNetnsFd"/>, up, with its MAC.
    /// </summary>
    public void CreateVeth(string hostName, int bridgeIndex, int mtu, string peerName, int peerNetnsFd, byte[] peerMac)
    {
        var message = new NetlinkMessage(RTM_NEWLINK, Create).IfInfo(flags: IFF_UP, change: IFF_UP)
            .String(IFLA_IFNAME, hostName).U32(IFLA_MTU, (uint)mtu).U32(IFLA_MASTER, (uint)bridgeIndex)
            .Begin(IFLA_LINKINFO).String(IFLA_INFO_KIND, "veth")
            .Begin(IFLA_INFO_DATA).Begin(VETH_INFO_PEER).IfInfo()
            .String(IFLA_IFNAME, peerName).U32(IFLA_MTU, (uint)mtu).U32(IFLA_NET_NS_FD, (uint)peerNetnsFd).Attribute(IFLA_ADDRESS, peerMac)
            .End().End().End();
        socket.Request(message, $"create veth pair {hostName}");
    }

    public void SetUp(int index, string what) =>
        socket.Request(new NetlinkMessage(RTM_NEWLINK, NetlinkMessage.NLM_F_ACK).IfInfo(index, IFF_UP, IFF_UP), $"bring {what} up");

    /// <summary>Deletes a link by name; true if it existed.</summary>
    public bool Delete(string name)
    {
        var errno = socket.TryRequest(new NetlinkMessage(RTM_DELLINK, NetlinkMessage.NLM_F_ACK).IfInfo().String(IFLA_IFNAME, name));
        if (errno is Errno.ENODEV or Errno.ENOENT) return false;
        if (errno != 0) throw new SystemCallException($"delete link {name}", errno);
        return true;
    }

    public void AddAddress(int index, uint address, int prefixLength, string what)
    {
        var broadcast = prefixLength >= 31 ? 0 : address | (uint)((1UL << (32 - prefixLength)) - 1);
        var message = new NetlinkMessage(RTM_NEWADDR, Create).Raw(IfAddr(prefixLength, index))
            .Address(IFA_LOCAL, address).Address(IFA_ADDRESS, address);
        if (broadcast != 0) message.Address(IFA_BROADCAST, broadcast);
        var errno = socket.TryRequest(message);
        if (errno != 0 && errno != Errno.EEXIST) throw new SystemCallException($"add address {Ipv4.Format(address)}/{prefixLength} to {what}", errno);
    }

    public void AddDefaultRoute(uint gateway, int index)
    {
        var errno = TryAddDefaultRoute(gateway, index);
        if (errno != 0) throw new SystemCallException($"add default route via {Ipv4.Format(gateway)}", errno);
    }

    /// <summary>Adds the default route unless one exists (then EEXIST, and the existing one stays); the errno, 0 on success.</summary>
    public int TryAddDefaultRoute(uint gateway, int index)
    {
        Span<byte> rtmsg = stackalloc byte[12];
        rtmsg[0] = Libc.AF_INET;
        rtmsg[4] = 254; // RT_TABLE_MAIN
        rtmsg[5] = 4; // RTPROT_STATIC
        rtmsg[6] = 0; // RT_SCOPE_UNIVERSE
        rtmsg[7] = 1; // RTN_UNICAST
        var message = new NetlinkMessage(RTM_NEWROUTE, Create).Raw(rtmsg).Address(RTA_GATEWAY, gateway).U32(RTA_OIF, (uint)index);
        return socket.TryRequest(message);
    }

    /// <summary>The IPv4 addresses (with prefix length) on the link <paramref name="index"/>.</summary>
    public List<(uint Address, int PrefixLength)> Addresses(int index)
    {
        var found = new List<(uint, int)>();
        foreach (var reply in socket.Dump(new NetlinkMessage(RTM_GETADDR, NetlinkMessage.NLM_F_DUMP).Raw(IfAddr(0, 0)), "list addresses"))
        {
            if (reply.Length < 8 || reply[0] != Libc.AF_INET || BinaryPrimitives.ReadInt32LittleEndian(reply.AsSpan(4)) != index) continue;
            for (var offset = 8; offset + 4 <= reply.Length;)
            {
                var length = BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(offset));
                var type = BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(offset + 2));
                if (length < 4) break;
                if (type == IFA_LOCAL && length >= 8) found.Add((BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(offset + 4)), reply[1]));
                offset += (length + 3) & ~3;
            }
        }
        return found;
    }

    static byte[] IfAddr(int prefixLength, int index)
    {
        var data = new byte[8];
        data[0] = Libc.AF_INET;
        data[1] = (byte)prefixLength;
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), index);
        return data;
    }

    /// <summary>The index of a link in the calling thread's namespace, or 0 if there is none.</summary>
    public static int IndexOf(string name) => (int)Libc.if_nametoindex(name);
}
