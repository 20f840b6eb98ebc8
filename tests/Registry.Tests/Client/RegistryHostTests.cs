using Berth.Registry.Client;

namespace Berth.Registry.Tests.Client;

public sealed class RegistryHostTests
{
    [Theory]
    [InlineData("localhost:5000", true)]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("registry.example.com:5000", false)]
    [InlineData("10.0.0.1:5000", false)]
    public void PlainHttpOnlyForLoopbackUnlessNamedInsecure(string domain, bool allowed)
    {
        Assert.Equal(allowed, RegistryHost.For(domain, []).AllowHttp);
        Assert.True(RegistryHost.For(domain, [domain]).AllowHttp);
    }

    [Fact]
    public void DockerHubIsServedByRegistry1AndKeyedByIndexUrl()
    {
        var hub = RegistryHost.For("docker.io", []);
        Assert.Equal("registry-1.docker.io", hub.ApiHost);
        Assert.Equal("https://index.docker.io/v1/", hub.ConfigKey);
        Assert.False(hub.AllowHttp);
    }
}
