using Berth.Engine.Networks;
using Berth.Network;
using Berth.Network.Ports;

namespace Berth.Engine.Tests.Networks;

/// <summary>network-state.json (what release undoes) and the name directories a container's resolver follows.</summary>
public sealed class EndpointStateTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "berth-endpoint-state-" + Guid.NewGuid().ToString("N")[..8]);
    readonly BerthPaths _paths;
    const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public EndpointStateTests()
    {
        _paths = new BerthPaths(Path.Combine(_dir, "root"), Path.Combine(_dir, "run"));
        Directory.CreateDirectory(_paths.RunDir(Id));
    }

    [Fact]
    public void RoundTripsEndpointsAndPorts()
    {
        var endpoints = new List<LiveEndpoint>
        {
            new("bridge", "n1", "berth0", "veth1234567", "eth0", Ipv4.Parse("172.17.0.2", "a"), 16, "172.17.0.1", false),
            new("app", "n2", "br-0123456789ab", "vethabcdef0", "eth1", Ipv4.Parse("10.7.0.9", "a"), 24, "10.7.0.1", true),
        };
        new EndpointState(endpoints, [PortSpecParser.Parse("8080:80")]).Write(_paths, Id);

        var read = EndpointState.TryRead(_paths, Id)!;
        Assert.Equal(endpoints, read.Endpoints);
        var port = Assert.Single(read.Ports);
        Assert.Equal((8080, 80, "tcp"), (port.HostFirst, port.ContainerFirst, port.Protocol));
        EndpointState.Delete(_paths, Id);
        Assert.Null(EndpointState.TryRead(_paths, Id));
    }

    [Fact]
    public void NameDirectoriesAreThoseHoldingTheContainersNames()
    {
        DnsRecords.Publish(_paths, "net-a", Id, "/nonexistent/lock", Ipv4.Parse("10.1.0.2", "a"), ["web"]);
        DnsRecords.Publish(_paths, "net-b", Id, "/nonexistent/lock", Ipv4.Parse("10.2.0.2", "a"), ["web"]);
        DnsRecords.Publish(_paths, "net-c", "another", "/nonexistent/lock", Ipv4.Parse("10.3.0.2", "a"), ["db"]);
        Assert.Equal(["net-a", "net-b"], DnsRecords.DirsOf(_paths, Id).Select(Path.GetFileName).Order());

        DnsRecords.Remove(_paths, "net-a", Id);
        DnsRecords.Remove(_paths, "no-names-here", Id); // a network without names: nothing to do, no error
        Assert.Equal(["net-b"], DnsRecords.DirsOf(_paths, Id).Select(Path.GetFileName));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
