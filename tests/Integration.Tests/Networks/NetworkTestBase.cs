using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests.Networks;

/// <summary>
/// Each test class makes its own networks (names unique per run, subnets chosen free by berth) and
/// removes them, so that classes running in parallel never share a bridge.
/// </summary>
public abstract class NetworkTestBase(BerthFixture berth) : IDisposable
{
    protected readonly BerthFixture Berth = berth;
    readonly List<string> _networks = [];

    protected string CreateNetwork(params string[] flags)
    {
        var name = "net-" + Guid.NewGuid().ToString("N")[..8];
        Berth.Run(["network", "create", .. flags, name], null).Ok();
        _networks.Add(name);
        return name;
    }

    protected string Bridge(string network) => Berth.Run("network", "inspect", "-f", "{{index .Options \"com.docker.network.bridge.name\"}}", network).Ok().Stdout.Trim();

    /// <summary>Removes a container and checks that nothing of its network stayed behind.</summary>
    protected void RemoveAndCheck(string name)
    {
        var id = Berth.Id(name);
        var veths = Berth.Inspect(name, "{{range .NetworkSettings.Networks}}{{.EndpointID}} {{end}}").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Berth.Run("rm", "-f", name).Ok();
        foreach (var veth in veths.DefaultIfEmpty("")) NetworkLeftovers.AssertGone(Berth, id, veth);
    }

    protected static int FreePort(System.Net.Sockets.ProtocolType protocol = System.Net.Sockets.ProtocolType.Tcp)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
            protocol == System.Net.Sockets.ProtocolType.Udp ? System.Net.Sockets.SocketType.Dgram : System.Net.Sockets.SocketType.Stream, protocol);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Any, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        foreach (var network in _networks)
        {
            var bridge = Bridge(network);
            foreach (var c in Berth.Run("ps", "-aq", "--filter", $"network={network}").Lines) Berth.Run("rm", "-f", c);
            Berth.Run("network", "rm", network).Ok();
            NetworkLeftovers.AssertNetworkGone(bridge);
        }
        GC.SuppressFinalize(this);
    }
}
