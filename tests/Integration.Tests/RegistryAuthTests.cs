using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>htpasswd users, the built-in token issuer, login and logout, anonymous pull.</summary>
public sealed class RegistryAuthTests(BerthFixture berth, BusyboxTarball busybox) : IClassFixture<BerthFixture>, IClassFixture<BusyboxTarball>, IDisposable
{
    readonly TempDirectory _dir = new();
    readonly RegistryUser _user = new(berth);
    readonly List<RegistryProcess> _registries = [];

    public void Dispose()
    {
        foreach (var registry in _registries) registry.Dispose();
        _user.Dispose();
        _dir.Dispose();
    }

    RegistryProcess Start(params string[] flags)
    {
        var htpasswd = _dir.File("htpasswd", $"alice:{BCrypt.Net.BCrypt.HashPassword("s3cret", 5)}\n");
        var registry = RegistryProcess.Berth(berth.Binary, ["--htpasswd", htpasswd, .. flags]);
        _registries.Add(registry);
        return registry;
    }

    BerthResult Login(RegistryProcess registry, string password) =>
        _user.RunWithInput(Encoding.UTF8.GetBytes(password + "\n"), "login", "-u", "alice", "--password-stdin", registry.Host);

    [Fact]
    public void LoginStoresDockerCompatibleCredentialsThenPushAndPullUseThem()
    {
        var registry = Start("--token-issuer", "berth-test");
        var name = $"{registry.Host}/secure/app:1";
        _user.ImportUnique(busybox, name);
        var denied = _user.Run("push", name);
        Assert.Equal(1, denied.Exit);
        Assert.Contains("unauthorized", denied.Stderr);

        Assert.Equal("Login Succeeded\n", Login(registry, "s3cret").Ok().Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_user.ConfigFile));
        using (var config = JsonDocument.Parse(File.ReadAllText(_user.ConfigFile)))
            Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret")),
                config.RootElement.GetProperty("auths").GetProperty(registry.Host).GetProperty("auth").GetString());
        _user.Run("push", name).Ok();
        _user.Run("rmi", name).Ok();
        _user.Run("pull", name).Ok();
        Assert.Equal("ok\n", berth.Run("run", "--rm", name, "echo", "ok").Ok().Stdout);

        Assert.Contains($"Removing login credentials for {registry.Host}", _user.Run("logout", registry.Host).Ok().Stdout);
        Assert.Equal(1, _user.Run("pull", name).Exit);
    }

    [Fact]
    public void WrongPasswordIsAClearErrorAndExit1()
    {
        var registry = Start("--token-issuer", "berth-test");
        var result = Login(registry, "wrong");
        Assert.Equal(1, result.Exit);
        Assert.Contains("incorrect username or password", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(_user.ConfigFile));

        var basic = Start();
        var viaBasic = Login(basic, "wrong");
        Assert.Equal(1, viaBasic.Exit);
        Assert.Contains("incorrect username or password", viaBasic.Stderr);
        Login(basic, "s3cret").Ok();
    }

    [Fact]
    public async Task ATokenForOneRepositoryDoesNotCoverAnother()
    {
        var registry = Start("--token-issuer", "berth-test");
        using var http = new HttpClient { BaseAddress = registry.BaseUri };
        var challenge = await http.PostAsync("v2/team/a/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        var header = challenge.Headers.WwwAuthenticate.ToString();
        Assert.Contains($"realm=\"http://{registry.Host}/token\"", header);
        Assert.Contains("scope=\"repository:team/a:push\"", header);

        var tokenRequest = new HttpRequestMessage(HttpMethod.Get, "token?service=berth-registry&scope=repository:team/a:pull,push");
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("alice:s3cret"u8));
        using var tokenJson = JsonDocument.Parse(await (await http.SendAsync(tokenRequest)).Content.ReadAsStringAsync());
        var token = tokenJson.RootElement.GetProperty("token").GetString();

        var allowed = new HttpRequestMessage(HttpMethod.Post, "v2/team/a/blobs/uploads/");
        allowed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(allowed)).StatusCode);

        var other = new HttpRequestMessage(HttpMethod.Post, "v2/team/b/blobs/uploads/");
        other.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var refused = await http.SendAsync(other);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("error=\"insufficient_scope\"", refused.Headers.WwwAuthenticate.ToString());
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("errors")[0];
        Assert.Equal("UNAUTHORIZED", error.GetProperty("code").GetString());
        Assert.Contains("repository:team/b:push", error.GetProperty("message").GetString());
    }

    [Fact]
    public void AnonymousPullAllowsPullButNotPush()
    {
        var registry = Start("--token-issuer", "berth-test", "--anonymous-pull");
        var name = $"{registry.Host}/open/app:1";
        _user.ImportUnique(busybox, name);
        Login(registry, "s3cret").Ok();
        _user.Run("push", name).Ok();
        _user.Run("logout", registry.Host).Ok();
        using var other = new BerthFixture();
        using var anonymous = new RegistryUser(other);
        anonymous.Run("pull", name).Ok();
        anonymous.Run("tag", name, $"{registry.Host}/open/app:2").Ok();
        var push = anonymous.Run("push", $"{registry.Host}/open/app:2");
        Assert.Equal(1, push.Exit);
        Assert.Contains("unauthorized", push.Stderr);
    }

    [Fact]
    public void TlsWithBasicAuthServesHttpsToCurlAndBerth()
    {
        var cert = _dir.Sub("cert.pem");
        var key = _dir.Sub("key.pem");
        var openssl = Programs.Run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert]);
        Assert.True(openssl.Exit == 0, openssl.Stderr);
        var registry = Start("--tls-cert", cert, "--tls-key", key);
        var curl = Programs.Run("curl", ["-s", "--cacert", cert, "-u", "alice:s3cret", $"https://{registry.Host}/v2/"]);
        Assert.Equal("{}", curl.Stdout);
        var plain = Programs.Run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", cert, $"https://{registry.Host}/v2/"]);
        Assert.Equal("401", plain.Stdout);

        // A loopback registry is insecure-allowed, as docker has it: TLS without verifying the self-signed certificate.
        Login(registry, "s3cret").Ok();
        var name = $"{registry.Host}/tls/app:1";
        _user.ImportUnique(busybox, name);
        _user.Run("push", name).Ok();
        Assert.True(File.Exists(Path.Combine(registry.Storage, "repositories", "tls", "app", "_manifests", "tags", "1")));
    }
}
