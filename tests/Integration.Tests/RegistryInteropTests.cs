using System.Text.RegularExpressions;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>
/// Both ends against other implementations: berth's client with distribution's registry (Debian's
/// docker-registry), skopeo and dockerd with berth's registry. Images that crossed run under berth.
/// </summary>
public sealed class RegistryInteropTests(BerthFixture berth, BusyboxTarball busybox, DockerDaemon docker)
    : IClassFixture<BerthFixture>, IClassFixture<BusyboxTarball>, IClassFixture<DockerDaemon>, IDisposable
{
    readonly RegistryProcess _registry = RegistryProcess.Berth(berth.Binary);
    readonly RegistryUser _user = new(berth);

    public void Dispose()
    {
        _user.Dispose();
        _registry.Dispose();
    }

    static BerthResult Skopeo(params string[] args)
    {
        var result = Programs.Run("skopeo", args);
        Assert.True(result.Exit == 0, $"skopeo {string.Join(' ', args)}: {result.Stderr}");
        return result;
    }

    [SkippableFact]
    public void BerthPushesToAndPullsFromDistribution()
    {
        Skip.IfNot(File.Exists(RegistryProcess.Distribution), "docker-registry is not installed (apt-get install docker-registry)");
        using var distribution = RegistryProcess.Distribution2("");
        var name = $"{distribution.Host}/interop/app:1";
        _user.ImportUnique(busybox, name);
        _user.Run("push", name).Ok();
        using var other = new BerthFixture();
        using var puller = new RegistryUser(other);
        puller.Run("pull", name).Ok();
        Assert.Equal(berth.Inspect(name, "{{.Id}}"), other.Inspect(name, "{{.Id}}"));
        Assert.Equal("ran\n", other.Run("run", "--rm", name, "echo", "ran").Ok().Stdout);
    }

    [Fact]
    public void SkopeoCopiesOutOfAndIntoBerthsRegistryInBothFormats()
    {
        var name = $"{_registry.Host}/skopeo/src:1";
        _user.ImportUnique(busybox, name);
        _user.Run("push", name).Ok();
        Skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{name}", $"docker://{_registry.Host}/skopeo/oci:1");
        Skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--format", "v2s2", $"docker://{name}", $"docker://{_registry.Host}/skopeo/docker:1");
        var inspected = Skopeo("inspect", "--raw", "--tls-verify=false", $"docker://{_registry.Host}/skopeo/docker:1").Stdout;
        Assert.Contains("application/vnd.docker.distribution.manifest.v2+json", inspected);
        foreach (var copy in new[] { "skopeo/oci:1", "skopeo/docker:1" })
        {
            using var other = new BerthFixture();
            using var puller = new RegistryUser(other);
            puller.Run("pull", $"{_registry.Host}/{copy}").Ok();
            Assert.Equal("copied\n", other.Run("run", "--rm", $"{_registry.Host}/{copy}", "echo", "copied").Ok().Stdout);
        }
    }

    [SkippableFact]
    public void DockerPushesToAndPullsFromBerthsRegistry()
    {
        Skip.IfNot(docker.Available, docker.SkipReason);
        var fromDocker = $"{_registry.Host}/docker/pushed:1";
        using (var dir = new TempDirectory())
        {
            var tarball = Tarballs.UniqueCopy(busybox.Path, dir.Sub("rootfs.tar"));
            docker.Docker("import", tarball, fromDocker).Ok();
        }
        var push = docker.Docker("push", fromDocker).Ok();
        Assert.Matches("1: digest: sha256:[0-9a-f]{64}", push.Stdout);
        var dockerId = docker.Docker("image", "inspect", "-f", "{{.Id}}", fromDocker).Ok().Stdout.Trim();
        _user.Run("pull", fromDocker).Ok();
        Assert.Equal(dockerId, berth.Inspect(fromDocker, "{{.Id}}"));
        Assert.Equal("docker-made\n", berth.Run("run", "--rm", fromDocker, "echo", "docker-made").Ok().Stdout);

        var fromBerth = $"{_registry.Host}/docker/berth-made:1";
        _user.ImportUnique(busybox, fromBerth);
        var digest = Regex.Match(_user.Run("push", fromBerth).Ok().Stdout, "sha256:[0-9a-f]{64}").Value;
        var pull = docker.Docker("pull", fromBerth).Ok();
        Assert.Contains($"Digest: {digest}", pull.Stdout);
        Assert.Equal(berth.Inspect(fromBerth, "{{.Id}}"), docker.Docker("image", "inspect", "-f", "{{.Id}}", fromBerth).Ok().Stdout.Trim());
        docker.Docker("rmi", fromDocker, fromBerth).Ok();
    }
}
