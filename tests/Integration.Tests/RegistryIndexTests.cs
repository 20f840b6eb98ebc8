using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>Multi-platform images (an OCI index) and `pull -a`: what the client picks, and what it refuses.</summary>
public sealed class RegistryIndexTests(BerthFixture berth, BusyboxTarball busybox) : IClassFixture<BerthFixture>, IClassFixture<BusyboxTarball>, IDisposable
{
    readonly RegistryProcess _registry = RegistryProcess.Berth(berth.Binary);
    readonly RegistryUser _user = new(berth);

    public void Dispose()
    {
        _user.Dispose();
        _registry.Dispose();
    }

    /// <summary>Pushes an image for amd64, then an index naming it for linux/amd64 and (the same manifest) for linux/arm64/v8.</summary>
    async Task<string> PushIndex(string repo, string tag)
    {
        var single = $"{_registry.Host}/{repo}:single";
        _user.ImportUnique(busybox, single);
        _user.Run("push", single).Ok();
        using var http = new HttpClient { BaseAddress = _registry.BaseUri };
        var manifest = await http.GetAsync($"v2/{repo}/manifests/single");
        var digest = manifest.Headers.GetValues("Docker-Content-Digest").Single();
        var size = (await manifest.Content.ReadAsByteArrayAsync()).Length;
        var type = manifest.Content.Headers.ContentType!.MediaType;
        var index = $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
             {"mediaType":"{{type}}","digest":"{{digest}}","size":{{size}},"platform":{"architecture":"arm64","os":"linux","variant":"v8"} },
             {"mediaType":"{{type}}","digest":"{{digest}}","size":{{size}},"platform":{"architecture":"amd64","os":"linux"} }]}
            """;
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(index));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.index.v1+json");
        Assert.Equal(HttpStatusCode.Created, (await http.PutAsync($"v2/{repo}/manifests/{tag}", content)).StatusCode);
        return digest;
    }

    [Fact]
    public async Task AnIndexResolvesToThisPlatformsManifestAndRuns()
    {
        var manifest = await PushIndex("multi/app", "1");
        using var other = new BerthFixture();
        using var puller = new RegistryUser(other);
        var name = $"{_registry.Host}/multi/app:1";
        puller.Run("pull", "--platform", "linux/amd64", name).Ok();
        var id = other.Inspect(name, "{{.Id}}");
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(other.Root, "images", "index.json")));
        Assert.Equal(manifest, index.RootElement.GetProperty("Images").GetProperty(id).GetProperty("Manifest").GetString());
        Assert.Equal("multi\n", other.Run("run", "--rm", name, "echo", "multi").Ok().Stdout);
    }

    [Fact]
    public async Task APlatformTheIndexLacksIsRefused()
    {
        await PushIndex("multi/other", "1");
        var result = _user.Run("pull", "--platform", "linux/s390x", $"{_registry.Host}/multi/other:1");
        Assert.Equal(1, result.Exit);
        Assert.Contains("no matching manifest for linux/s390x", result.Stderr);
    }

    [Fact]
    public void AllTagsPullsEveryTag()
    {
        var repo = $"{_registry.Host}/every/app";
        _user.ImportUnique(busybox, repo + ":a");
        _user.ImportUnique(busybox, repo + ":b");
        _user.Run("push", repo + ":a").Ok();
        _user.Run("push", repo + ":b").Ok();
        using var other = new BerthFixture();
        using var puller = new RegistryUser(other);
        puller.Run("pull", "-a", repo).Ok();
        Assert.Equal(berth.Inspect(repo + ":a", "{{.Id}}"), other.Inspect(repo + ":a", "{{.Id}}"));
        Assert.Equal(berth.Inspect(repo + ":b", "{{.Id}}"), other.Inspect(repo + ":b", "{{.Id}}"));
    }
}
