using Berth.Registry.Auth;

namespace Berth.Registry.Tests.Auth;

public sealed class TokenSignerTests
{
    readonly TokenSigner _signer = new(new byte[32], "issuer", "service");
    readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void AnIssuedTokenCarriesItsScopes()
    {
        var token = _signer.Issue("alice", [new AccessScope("repository", "a/b", ["pull", "push"])], _now);
        var grants = _signer.Verify(token, _now.AddMinutes(1));
        Assert.NotNull(grants);
        Assert.True(AccessScope.Repository("a/b", "push").IsCoveredBy(grants));
        Assert.False(AccessScope.Repository("a/c", "push").IsCoveredBy(grants));
        Assert.False(AccessScope.Repository("a/b", "delete").IsCoveredBy(grants));
    }

    [Fact]
    public void ExpiredTamperedOrForeignTokensAreRefused()
    {
        var token = _signer.Issue("alice", [AccessScope.Repository("a", "pull")], _now);
        Assert.Null(_signer.Verify(token, _now + TokenSigner.Lifetime + TimeSpan.FromSeconds(1)));
        var parts = token.Split('.');
        var forged = _signer.Issue("alice", [AccessScope.Repository("a", "push")], _now).Split('.')[1];
        Assert.Null(_signer.Verify($"{parts[0]}.{forged}.{parts[2]}", _now));
        Assert.Null(new TokenSigner(new byte[32], "issuer", "other").Verify(token, _now));
        Assert.Null(new TokenSigner(Enumerable.Repeat((byte)1, 32).ToArray(), "issuer", "service").Verify(token, _now));
        Assert.Null(_signer.Verify("garbage", _now));
    }

    [Theory]
    [InlineData("repository:a/b:pull,push", "repository", "a/b", "pull,push")]
    [InlineData("repository:host:5000/a:pull", "repository", "host:5000/a", "pull")]
    [InlineData("registry:catalog:*", "registry", "catalog", "*")]
    public void ParsesScopes(string text, string type, string name, string actions)
    {
        var scope = AccessScope.TryParse(text)!;
        Assert.Equal((type, name, actions), (scope.Type, scope.Name, string.Join(',', scope.Actions)));
    }
}
