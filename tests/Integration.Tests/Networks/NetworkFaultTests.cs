using System.Net;
using System.Net.Sockets;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests.Networks;

/// <summary>Bad input and conflicts are refused with one line and nothing half-made; a killed monitor's network is cleaned up.</summary>
public sealed class NetworkFaultTests(BerthFixture berth) : NetworkTestBase(berth), IClassFixture<BerthFixture>
{
    [Fact]
    public void PortAlreadyPublishedIsRefusedAndLeavesNothing()
    {
        var port = FreePort();
        var first = Berth.RunSleeping("-p", $"{port}:80");
        var second = BerthFixture.UniqueName();
        var result = Berth.Run("run", "-d", "--name", second, "-p", $"{port}:81", BerthFixture.Image, "sleep", "300");

        Assert.Equal(125, result.Exit);
        Assert.Contains($"0.0.0.0:{port} failed: port is already allocated", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Equal("exited", Berth.Inspect(second, "{{.State.Status}}"));
        RemoveAndCheck(second);
        RemoveAndCheck(first);
    }

    [Fact]
    public void PortAHostProcessListensOnIsRefused()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var name = BerthFixture.UniqueName();
        var result = Berth.Run("run", "--name", name, "-p", $"{port}:80", BerthFixture.Image, "true");
        Assert.Equal(125, result.Exit);
        Assert.Contains("port is already allocated", result.Stderr);
        RemoveAndCheck(name);
    }

    [Theory]
    [InlineData("80:80:80:80")]
    [InlineData("http:80")]
    [InlineData("70000:80")]
    [InlineData("8000-8001:80-82")]
    [InlineData("80/sctp2")]
    public void MalformedPublishIsRefusedBeforeAnythingIsCreated(string spec)
    {
        var before = Berth.Run("ps", "-aq").Lines.Length;
        var result = Berth.Run("run", "--rm", "-p", spec, BerthFixture.Image, "true");
        Assert.Equal(125, result.Exit);
        Assert.Contains($"invalid publish spec \"{spec}\"", result.Stderr);
        Assert.Equal(before, Berth.Run("ps", "-aq").Lines.Length);
    }

    [Fact]
    public void UnknownNetworkIsRefused()
    {
        var result = Berth.Run("run", "--rm", "--network", "no-such-net", BerthFixture.Image, "true");
        Assert.Equal(125, result.Exit);
        Assert.Contains("network no-such-net not found", result.Stderr);
    }

    [Fact]
    public void OverlappingSubnetIsRefused()
    {
        var network = CreateNetwork();
        var subnet = Berth.Run("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", network).Ok().Stdout.Trim();
        var name = "net-" + Guid.NewGuid().ToString("N")[..8];
        var result = Berth.Run("network", "create", "--subnet", subnet, name);
        Assert.Equal(1, result.Exit > 0 ? 1 : 0);
        Assert.Contains("overlaps", result.Stderr);
        Assert.DoesNotContain(name, Berth.Run("network", "ls", "--format", "{{.Name}}").Ok().Stdout);
        // A host route (the host's own LAN or loopback) is an overlap too.
        Assert.Contains("overlaps", Berth.Run("network", "create", "--subnet", "127.0.0.0/16", name).Stderr);
    }

    [Fact]
    public void NetworkInUseCannotBeRemoved()
    {
        var network = CreateNetwork("--label", "team=net", "--internal");
        var name = Berth.CreateSleeping();
        Berth.Run("rm", name).Ok();
        var user = BerthFixture.UniqueName();
        Berth.Run("create", "--name", user, "--network", network, BerthFixture.Image, "true").Ok();
        var result = Berth.Run("network", "rm", network);
        Assert.Equal(1, result.Exit);
        Assert.Contains("active endpoints", result.Stderr);
        var inspect = Berth.Run("network", "inspect", network).Ok().Stdout;
        Assert.Contains("\"Internal\": true", inspect);
        Assert.Contains("\"team\": \"net\"", inspect);
        Berth.Run("rm", user).Ok();
    }

    [Fact]
    public void KilledMonitorLeavesNoRulesLeasesOrNames()
    {
        var network = CreateNetwork();
        var port = FreePort();
        var name = Berth.RunSleeping("--network", network, "-p", $"{port}:80");
        var id = Berth.Id(name);
        var veth = Berth.Inspect(name, "{{range .NetworkSettings.Networks}}{{.EndpointID}}{{end}}");
        Assert.Contains("berthc-" + id[..12], NetworkLeftovers.NftTables());
        var monitor = int.Parse(File.ReadAllText(Path.Combine(Berth.RunRoot, "containers", id, "monitor.pid")).Trim());
        System.Diagnostics.Process.GetProcessById(monitor).Kill();

        // The next command that looks at the container notices the dead monitor and cleans up.
        Poll.Until(() => Berth.Inspect(name, "{{.State.Status}}") == "exited", TimeSpan.FromSeconds(10), "the container to be seen dead");
        Poll.Until(() => !NetworkLeftovers.Links().Contains(veth), TimeSpan.FromSeconds(10), "the veth to vanish with its namespace");
        NetworkLeftovers.AssertGone(Berth, id, veth);
        // And the port is free for the next container.
        var next = Berth.RunSleeping("-p", $"{port}:80");
        RemoveAndCheck(next);
        RemoveAndCheck(name);
    }
}
