using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests.Networks;

/// <summary>The embedded DNS of user-defined networks: names, aliases, short IDs, renames, stops; isolation between networks.</summary>
public sealed class NameResolutionTests(BerthFixture berth) : NetworkTestBase(berth), IClassFixture<BerthFixture>
{
    string Lookup(string network, string name) =>
        Berth.Run("run", "--rm", "--network", network, BerthFixture.Image, "nslookup", name).Stdout;

    [Fact]
    public void ContainersFindEachOtherByNameAliasAndShortId()
    {
        var network = CreateNetwork();
        var server = Berth.RunSleeping("--network", network, "--network-alias", "database");
        var address = Berth.Inspect(server, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}");
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", address);

        Assert.Contains($"Address: {address}", Lookup(network, server));
        Assert.Contains($"Address: {address}", Lookup(network, "database"));
        Assert.Contains($"Address: {address}", Lookup(network, Berth.Id(server)[..12]));
        // And the traffic flows: ping by alias.
        Berth.Run("run", "--rm", "--network", network, BerthFixture.Image, "ping", "-c1", "-W2", "database").Ok();
        RemoveAndCheck(server);
    }

    [Fact]
    public void NamesFollowRenameAndStop()
    {
        var network = CreateNetwork();
        var server = Berth.RunSleeping("--network", network);
        var renamed = BerthFixture.UniqueName();
        Berth.Run("rename", server, renamed).Ok();

        Assert.Contains("Address:", Lookup(network, renamed).Split("Name:").Last());
        Assert.DoesNotContain("Name:", Lookup(network, server));

        Berth.Run("stop", "-t", "0", renamed).Ok();
        Assert.DoesNotContain("Name:", Lookup(network, renamed));
        RemoveAndCheck(renamed);
    }

    [Fact]
    public void DifferentNetworksAreIsolated()
    {
        var one = CreateNetwork();
        var other = CreateNetwork();
        var server = Berth.RunSleeping("--network", one);
        var address = Berth.Inspect(server, $"{{{{(index .NetworkSettings.Networks \"{one}\").IPAddress}}}}");

        Assert.DoesNotContain("Name:", Lookup(other, server));
        var ping = Berth.Run("run", "--rm", "--network", other, BerthFixture.Image, "ping", "-c1", "-W1", address);
        Assert.NotEqual(0, ping.Exit);
        Berth.Run("run", "--rm", "--network", one, BerthFixture.Image, "ping", "-c1", "-W2", address).Ok();
        RemoveAndCheck(server);
    }

    [Fact]
    public void DefaultBridgeHasNoNameResolutionButRoutesOut()
    {
        var server = Berth.RunSleeping();
        var client = Berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c", "cat /etc/resolv.conf; ip route; nslookup " + server).Stdout;
        Assert.DoesNotContain("127.0.0.11", client);
        Assert.Contains("default via", client);
        Assert.DoesNotContain("Name:", client.Split("nslookup").Last().Split("Server:").Last().Split('\n').Where(l => l.Contains(server)).FirstOrDefault() ?? "");
        RemoveAndCheck(server);
    }

    [Fact]
    public void ContainerNetworkModeSharesTheNamespace()
    {
        var network = CreateNetwork();
        var server = Berth.RunSleeping("--network", network);
        var address = Berth.Inspect(server, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}");
        var output = Berth.Run("run", "--rm", "--network", "container:" + server, BerthFixture.Image, "ip", "-4", "addr").Ok().Stdout;
        Assert.Contains(address, output);
        RemoveAndCheck(server);
    }

    [Fact]
    public void AddHostDnsAndDnsSearchAreWritten()
    {
        var network = CreateNetwork();
        var gateway = Berth.Run("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", network).Ok().Stdout.Trim();
        var output = Berth.Run("run", "--rm", "--network", network, "--add-host", "gw:host-gateway", "--add-host", "static:10.1.2.3", "--dns-search", "example.test",
            BerthFixture.Image, "sh", "-c", "cat /etc/hosts /etc/resolv.conf").Ok().Stdout;
        Assert.Contains($"{gateway}\tgw", output);
        Assert.Contains("10.1.2.3\tstatic", output);
        Assert.Contains("search example.test", output);
        Assert.Contains("nameserver 127.0.0.11", output);
    }

    [Fact]
    public void ConnectAddsASecondNetworkWithItsAlias()
    {
        var first = CreateNetwork();
        var second = CreateNetwork();
        var name = BerthFixture.UniqueName();
        Berth.Run("create", "--name", name, "--network", first, BerthFixture.Image, "sleep", "300").Ok();
        Berth.Run("network", "connect", "--alias", "second-alias", second, name).Ok();
        Berth.Run("start", name).Ok();

        var addresses = Berth.Run("exec", name, "ip", "-4", "-o", "addr").Ok().Stdout;
        Assert.Contains("eth0", addresses);
        Assert.Contains("eth1", addresses);
        Assert.Contains("Address:", Lookup(second, "second-alias").Split("Name:").Last());
        RemoveAndCheck(name);
    }
}
