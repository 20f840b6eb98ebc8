using Berth.Network;
using Berth.Sys.Errors;

namespace Berth.Engine.Tests.Networks;

public sealed class SubnetTests
{
    [Fact]
    public void ParsesAndComputes()
    {
        var s = Subnet.Parse("172.18.0.0/16");
        Assert.Equal("172.18.0.0/16", s.ToString());
        Assert.Equal("172.18.255.255", Ipv4.Format(s.Broadcast));
        Assert.True(s.Contains(Ipv4.Parse("172.18.3.4", "x")));
        Assert.False(s.Contains(Ipv4.Parse("172.19.0.1", "x")));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.0.0/16", true)]
    [InlineData("10.1.0.0/16", "10.0.0.0/8", true)]
    [InlineData("10.1.0.0/16", "10.2.0.0/16", false)]
    public void Overlaps(string a, string b, bool expected) => Assert.Equal(expected, Subnet.Parse(a).Overlaps(Subnet.Parse(b)));

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/31")]
    [InlineData("10.0.0/8")]
    public void RefusesBadSubnets(string text) => Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<BerthException>(() => Subnet.Parse(text)).Kind);

    [Fact]
    public void MacFollowsDocker() => Assert.Equal("02:42:ac:11:00:02", Ipv4.FormatMac(Ipv4.Mac(Ipv4.Parse("172.17.0.2", "x"))));
}
