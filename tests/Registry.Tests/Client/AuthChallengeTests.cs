using Berth.Registry.Client;

namespace Berth.Registry.Tests.Client;

public sealed class AuthChallengeTests
{
    [Fact]
    public void ParsesDockerHubsBearerChallenge()
    {
        var challenge = AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"")!;
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("https://auth.docker.io/token", challenge["realm"]);
        Assert.Equal("registry.docker.io", challenge["service"]);
        Assert.Equal("repository:library/busybox:pull", challenge["scope"]);
    }

    [Fact]
    public void ParsesQuotedCommasEscapesAndBareValues()
    {
        var challenge = AuthChallenge.Parse("Bearer realm=\"x\",scope=\"repository:a:pull,push\", error=insufficient_scope, note=\"say \\\"hi\\\"\"")!;
        Assert.Equal("repository:a:pull,push", challenge["scope"]);
        Assert.Equal("insufficient_scope", challenge["error"]);
        Assert.Equal("say \"hi\"", challenge["note"]);
    }

    [Fact]
    public void BasicWithRealm() => Assert.Equal("Basic", AuthChallenge.Parse("Basic realm=\"r\"")!.Scheme);

    [Fact]
    public void EmptyIsNone() => Assert.Null(AuthChallenge.Parse(" "));
}
