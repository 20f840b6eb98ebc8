using Berth.Network.Ports;
using Berth.Sys.Errors;

namespace Berth.Engine.Tests.Networks;

public sealed class PortSpecParserTests
{
    [Theory]
    [InlineData("8080:80", "tcp", "", 8080, 8080, 80, 80)]
    [InlineData("127.0.0.1:8080:80", "tcp", "127.0.0.1", 8080, 8080, 80, 80)]
    [InlineData("127.0.0.1::80", "tcp", "127.0.0.1", 0, 0, 80, 80)]
    [InlineData("80", "tcp", "", 0, 0, 80, 80)]
    [InlineData("53:53/udp", "udp", "", 53, 53, 53, 53)]
    [InlineData("8000-8999:8000-8999", "tcp", "", 8000, 8999, 8000, 8999)]
    [InlineData("9000-9010:80", "tcp", "", 9000, 9010, 80, 80)]
    [InlineData("0.0.0.0:81:80/TCP", "tcp", "", 81, 81, 80, 80)]
    public void ParsesDockerForms(string spec, string protocol, string ip, int hostFirst, int hostLast, int first, int last)
    {
        var m = PortSpecParser.Parse(spec);
        Assert.Equal(new PortMapping(protocol, ip, hostFirst, hostLast, first, last), m);
        // What the plan file stores reads back the same.
        Assert.Equal(m, PortMapping.FromString(m.ToString()));
    }

    [Theory]
    [InlineData("80:80:80:80")]
    [InlineData("http:80")]
    [InlineData("70000:80")]
    [InlineData("0:80")]
    [InlineData("8000-8001:80-82")]
    [InlineData("80-82")]
    [InlineData("90-80:90-80")]
    [InlineData("80/sctp")]
    [InlineData("300.1.1.1:80:80")]
    public void RefusesMalformed(string spec)
    {
        var e = Assert.Throws<BerthException>(() => PortSpecParser.Parse(spec));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith($"invalid publish spec \"{spec}\"", e.Message);
    }

    [Fact]
    public void ChoosesHostPortForRandomAndForARangeToOnePort()
    {
        Assert.True(PortSpecParser.Parse("80").ChoosesHostPort);
        Assert.True(PortSpecParser.Parse("9000-9010:80").ChoosesHostPort);
        Assert.False(PortSpecParser.Parse("9000-9010:9000-9010").ChoosesHostPort);
        Assert.Equal(new PortMapping("tcp", "", 9005, 9005, 80, 80), PortSpecParser.Parse("9000-9010:80").WithHostPorts(9005));
    }
}
