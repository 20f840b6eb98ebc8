using Berth.Registry.Client;

namespace Berth.Registry.Tests.Client;

public sealed class DockerConfigTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("berth-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void StoresBase64CredentialsMode0600AndKeepsOtherKeys()
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, """{"credsStore":"","psFormat":"table {{.ID}}","auths":{"other:1":{"auth":"eDp5"}}}""");
        var config = new DockerConfig(path);
        config.Store("reg:5000", "user", "p:ss");
        Assert.Equal(("user", "p:ss"), config.Credentials("reg:5000"));
        Assert.Equal(("x", "y"), config.Credentials("other:1"));
        Assert.Contains("\"psFormat\": \"table {{.ID}}\"", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(config.Remove("reg:5000"));
        Assert.Null(config.Credentials("reg:5000"));
        Assert.False(config.Remove("reg:5000"));
    }

    [Fact]
    public void NoFileMeansNoCredentials() => Assert.Null(new DockerConfig(Path.Combine(_dir, "none", "config.json")).Credentials("x"));
}
