using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests.Networks;

/// <summary>
/// `network connect` and `disconnect` on running containers, as docker allows: the new interface, its
/// names both ways, and nothing left behind after disconnect, stop/start, rm or a kill -9 of the monitor.
/// </summary>
public sealed class LiveConnectTests(BerthFixture berth) : NetworkTestBase(berth), IClassFixture<BerthFixture>
{
    string AddressOn(string container, string network) => Berth.Inspect(container, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}");
    string VethOn(string container, string network) => Berth.Inspect(container, $"{{{{(index .NetworkSettings.Networks \"{network}\").EndpointID}}}}");

    static IEnumerable<string> Leases(string bridge) =>
        Directory.Exists($"/run/berth-net/leases/{bridge}") ? Directory.EnumerateFiles($"/run/berth-net/leases/{bridge}").Select(Path.GetFileName).OfType<string>().Where(f => !f.StartsWith('.')) : [];

    [Fact]
    public void ConnectedContainerIsReachedByNameAndReachesBackThenDisconnectUndoesIt()
    {
        var shared = CreateNetwork();
        var own = CreateNetwork();
        var peer = Berth.RunSleeping("--network", shared);
        var mover = Berth.RunSleeping("--network", own);

        Berth.Run("network", "connect", "--alias", "mover-alias", shared, mover).Ok();
        var address = AddressOn(mover, shared);
        var veth = VethOn(mover, shared);
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", address);
        Assert.Contains(veth, NetworkLeftovers.Links());
        Assert.Contains(address, Leases(Bridge(shared)));
        var links = Berth.Run("exec", mover, "ip", "-4", "-o", "addr").Ok().Stdout;
        Assert.Contains($"eth1    inet {address}/", links);
        // The first network keeps the default route, as in docker.
        var ownGateway = Berth.Run("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", own).Ok().Stdout.Trim();
        Assert.Contains($"default via {ownGateway} dev eth0", Berth.Run("exec", mover, "ip", "route").Ok().Stdout);
        Assert.Contains(Berth.Id(mover), Berth.Run("network", "inspect", "-f", "{{json .Containers}}", shared).Ok().Stdout);

        // The peer reaches the newcomer by name and alias; the newcomer's own resolver knows the new network's names.
        Assert.Contains($"Address: {address}", Berth.Run("exec", peer, "nslookup", mover).Ok().Stdout);
        Berth.Run("exec", peer, "ping", "-c1", "-W2", "mover-alias").Ok();
        Berth.Run("exec", mover, "ping", "-c1", "-W2", peer).Ok();

        Berth.Run("network", "disconnect", shared, mover).Ok();
        Assert.DoesNotContain("Name:", Berth.Run("exec", peer, "nslookup", mover).Stdout.Split("Server:").Last());
        Assert.NotEqual(0, Berth.Run("exec", peer, "ping", "-c1", "-W1", address).Exit);
        Assert.DoesNotContain(veth, NetworkLeftovers.Links());
        Assert.DoesNotContain(address, Leases(Bridge(shared)));
        Assert.DoesNotContain("eth1", Berth.Run("exec", mover, "ip", "-4", "-o", "addr").Ok().Stdout);
        Assert.DoesNotContain(shared, Berth.Inspect(mover, "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}"));
        Assert.DoesNotContain(Berth.Id(mover), Berth.Run("network", "inspect", "-f", "{{json .Containers}}", shared).Ok().Stdout);
        // Its first network still works.
        Berth.Run("exec", mover, "ping", "-c1", "-W2", ownGateway).Ok();
        RemoveAndCheck(mover);
        RemoveAndCheck(peer);
    }

    [Fact]
    public void DisconnectingTheGatewayNetworkMovesTheDefaultRoute()
    {
        var first = CreateNetwork();
        var second = CreateNetwork();
        var name = Berth.RunSleeping("--network", first);
        Berth.Run("network", "connect", second, name).Ok();
        Berth.Run("network", "disconnect", first, name).Ok();
        var gateway = Berth.Run("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", second).Ok().Stdout.Trim();
        Assert.Contains($"default via {gateway}", Berth.Run("exec", name, "ip", "route").Ok().Stdout);
        RemoveAndCheck(name);
    }

    [Fact]
    public void ConnectionOutlivesStopAndStartWithoutLeaks()
    {
        var shared = CreateNetwork();
        var peer = Berth.RunSleeping("--network", shared);
        var name = Berth.RunSleeping();
        Berth.Run("network", "connect", shared, name).Ok();
        var veths = new[] { VethOn(name, "bridge"), VethOn(name, shared) };
        var address = AddressOn(name, shared);

        Berth.Run("stop", "-t", "0", name).Ok();
        foreach (var veth in veths) Assert.DoesNotContain(veth, NetworkLeftovers.Links());
        Assert.DoesNotContain(address, Leases(Bridge(shared)));
        Assert.DoesNotContain("Name:", Berth.Run("exec", peer, "nslookup", name).Stdout.Split("Server:").Last());

        Berth.Run("start", name).Ok();
        Assert.Contains("eth1", Berth.Run("exec", name, "ip", "-4", "-o", "addr").Ok().Stdout);
        Berth.Run("exec", peer, "ping", "-c1", "-W2", name).Ok();
        RemoveAndCheck(name);
        RemoveAndCheck(peer);
    }

    [Fact]
    public void RestartPolicyRestartKeepsTheConnectedNetwork()
    {
        var shared = CreateNetwork();
        var peer = Berth.RunSleeping("--network", shared);
        var name = Berth.RunSleeping("--restart", "always", "--network", CreateNetwork());
        Berth.Run("network", "connect", shared, name).Ok();
        var firstVeth = VethOn(name, shared);
        var pid = int.Parse(Berth.Inspect(name, "{{.State.Pid}}"));
        System.Diagnostics.Process.GetProcessById(pid).Kill();

        Poll.Until(() => Berth.Inspect(name, "{{.RestartCount}} {{.State.Running}}") == "1 true", TimeSpan.FromSeconds(20), "the restart");
        Assert.Contains("eth1", Berth.Run("exec", name, "ip", "-4", "-o", "addr").Ok().Stdout);
        Berth.Run("exec", peer, "ping", "-c1", "-W2", name).Ok();
        Assert.NotEqual(firstVeth, VethOn(name, shared));
        // One lease per container on the shared network: the first run's went back.
        Assert.Equal(2, Leases(Bridge(shared)).Count());
        RemoveAndCheck(name);
        RemoveAndCheck(peer);
    }

    [Fact]
    public void KilledMonitorAfterConnectLeaksNothing()
    {
        var shared = CreateNetwork();
        var name = Berth.RunSleeping("--network", CreateNetwork());
        Berth.Run("network", "connect", shared, name).Ok();
        var id = Berth.Id(name);
        var veths = Berth.Inspect(name, "{{range .NetworkSettings.Networks}}{{.EndpointID}} {{end}}").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, veths.Length);
        var monitor = int.Parse(File.ReadAllText(Path.Combine(Berth.RunRoot, "containers", id, "monitor.pid")).Trim());
        System.Diagnostics.Process.GetProcessById(monitor).Kill();

        Poll.Until(() => Berth.Inspect(name, "{{.State.Status}}") == "exited", TimeSpan.FromSeconds(10), "the container to be seen dead");
        foreach (var veth in veths)
        {
            Poll.Until(() => !NetworkLeftovers.Links().Contains(veth), TimeSpan.FromSeconds(10), "the veths to vanish with their namespace");
            NetworkLeftovers.AssertGone(Berth, id, veth);
        }
        Berth.Run("rm", name).Ok();
    }

    [Fact]
    public void ConnectWithIpGivesThatAddress()
    {
        var shared = CreateNetwork("--subnet", "10.213.7.0/24");
        var name = Berth.RunSleeping();
        Berth.Run("network", "connect", "--ip", "10.213.7.77", shared, name).Ok();
        Assert.Equal("10.213.7.77", AddressOn(name, shared));
        Assert.Contains("inet 10.213.7.77/24", Berth.Run("exec", name, "ip", "-4", "-o", "addr").Ok().Stdout);
        RemoveAndCheck(name);
    }

    [Fact]
    public void BadConnectsAreRefusedWithNothingHalfMade()
    {
        var shared = CreateNetwork("--subnet", "10.213.8.0/24");
        var name = Berth.RunSleeping("--network", shared);
        var other = Berth.RunSleeping();
        // Links on this test's own bridge: other classes' containers come and go meanwhile, elsewhere.
        int Ports() => Directory.EnumerateFileSystemEntries($"/sys/class/net/{Bridge(shared)}/brif").Count();
        var portsBefore = Ports();
        var leasesBefore = Leases(Bridge(shared)).Count();

        var unknownNetwork = Berth.Run("network", "connect", "no-such-net", other);
        Assert.Equal(1, unknownNetwork.Exit);
        Assert.Equal("Error: network no-such-net not found", unknownNetwork.Stderr.Trim());
        var unknownContainer = Berth.Run("network", "connect", shared, "no-such-container");
        Assert.Equal(1, unknownContainer.Exit);
        Assert.Contains("No such container: no-such-container", unknownContainer.Stderr);
        var twice = Berth.Run("network", "connect", shared, name);
        Assert.Equal(1, twice.Exit);
        Assert.Equal($"Error: endpoint with name {name} already exists in network {shared}", twice.Stderr.Trim());
        var outside = Berth.Run("network", "connect", "--ip", "10.99.0.5", shared, other);
        Assert.Equal(1, outside.Exit);
        Assert.Single(outside.Stderr.Trim().Split('\n'));
        var taken = Berth.Run("network", "connect", "--ip", AddressOn(name, shared), shared, other);
        Assert.Equal(1, taken.Exit);
        Assert.Contains("Address already in use", taken.Stderr);
        var notConnected = Berth.Run("network", "disconnect", shared, other);
        Assert.Equal(1, notConnected.Exit);
        Assert.Equal($"Error: container {other} is not connected to network {shared}", notConnected.Stderr.Trim());

        Assert.Equal(portsBefore, Ports());
        Assert.Equal(leasesBefore, Leases(Bridge(shared)).Count());
        Assert.DoesNotContain(shared, Berth.Inspect(other, "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}"));
        Assert.DoesNotContain("eth1", Berth.Run("exec", other, "ip", "-o", "link").Ok().Stdout);
        RemoveAndCheck(other);
        RemoveAndCheck(name);
    }
}
