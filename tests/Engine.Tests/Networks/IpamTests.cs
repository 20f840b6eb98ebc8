using Berth.Engine.Networks;
using Berth.Sys.Files;

namespace Berth.Engine.Tests.Networks;

/// <summary>Address leases: files in the host-wide lease directory of a bridge (a made-up one here), each naming its holder's lock.</summary>
public sealed class IpamTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "berth-ipam-" + Guid.NewGuid().ToString("N")[..8]);
    readonly NetworkRecord _network;

    public IpamTests()
    {
        Directory.CreateDirectory(_dir);
        _network = new NetworkRecord { Name = "ipam-test", BridgeName = "t" + Guid.NewGuid().ToString("N")[..10], Subnet = "10.250.0.0/29", Gateway = "10.250.0.1" };
    }

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        if (Directory.Exists(HostNetState.Leases(_network.BridgeName))) Directory.Delete(HostNetState.Leases(_network.BridgeName), recursive: true);
    }

    string LeaseFile(uint address) => Path.Combine(HostNetState.Leases(_network.BridgeName), Berth.Network.Ipv4.Format(address));

    [Fact]
    public void ALateReleaseByADeadHolderLeavesTheAddressToWhoeverReclaimedIt()
    {
        var dead = Path.Combine(_dir, "dead.lock"); // never locked: its holder counts as dead
        var live = Path.Combine(_dir, "live.lock");
        using var alive = FileLock.Acquire(live);

        var first = Ipam.Lease(_network, dead);
        var reclaimed = Ipam.Lease(_network, live);
        Ipam.Release(_network.BridgeName, first, dead);

        Assert.Equal(first, reclaimed);
        Assert.Equal(live, File.ReadAllText(LeaseFile(first)).Trim());
        Ipam.Release(_network.BridgeName, first, live);
        Assert.False(File.Exists(LeaseFile(first)));
    }

    [Fact]
    public void AnAddressHeldByALiveContainerIsNotHandedOutAgain()
    {
        var holder = Path.Combine(_dir, "a.lock");
        var other = Path.Combine(_dir, "b.lock");
        using var a = FileLock.Acquire(holder);
        using var b = FileLock.Acquire(other);

        var first = Ipam.Lease(_network, holder);
        var second = Ipam.Lease(_network, other);

        Assert.NotEqual(first, second);
        Assert.Equal("10.250.0.2", Berth.Network.Ipv4.Format(first));
    }
}
