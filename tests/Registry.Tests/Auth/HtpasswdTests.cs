using Berth.Registry.Auth;

namespace Berth.Registry.Tests.Auth;

public sealed class HtpasswdTests
{
    [Fact]
    public void VerifiesBcryptUsers()
    {
        var users = new Htpasswd(new Dictionary<string, string> { ["alice"] = BCrypt.Net.BCrypt.HashPassword("pw", 4) });
        Assert.True(users.Verify("alice", "pw"));
        Assert.True(users.Verify("alice", "pw"));
        Assert.False(users.Verify("alice", "PW"));
        Assert.False(users.Verify("bob", "pw"));
    }

    [Fact]
    public void RefusesNonBcryptFiles()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "alice:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
            Assert.Throws<Berth.Sys.Errors.BerthException>(() => Htpasswd.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DecodesBasicHeaders()
    {
        Assert.Equal(("a", "b:c"), Htpasswd.ParseBasic("Basic " + Convert.ToBase64String("a:b:c"u8)));
        Assert.Null(Htpasswd.ParseBasic("Bearer x"));
        Assert.Null(Htpasswd.ParseBasic("Basic !!!"));
    }
}
