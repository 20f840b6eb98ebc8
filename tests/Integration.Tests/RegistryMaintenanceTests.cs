using System.Net;
using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>`berth registry gc` and `--read-only`: what deletion frees, and a registry that refuses writes.</summary>
public sealed class RegistryMaintenanceTests(BerthFixture berth, BusyboxTarball busybox) : IClassFixture<BerthFixture>, IClassFixture<BusyboxTarball>, IDisposable
{
    readonly RegistryUser _user = new(berth);

    public void Dispose() => _user.Dispose();

    [Fact]
    public async Task GcSweepsBlobsOfDeletedManifestsAndKeepsTheRest()
    {
        using var registry = RegistryProcess.Berth(berth.Binary);
        var kept = $"{registry.Host}/gc/kept:1";
        var doomed = $"{registry.Host}/gc/doomed:1";
        _user.ImportUnique(busybox, kept);
        _user.ImportUnique(busybox, doomed);
        _user.Run("push", kept).Ok();
        _user.Run("push", doomed).Ok();
        using var http = new HttpClient { BaseAddress = registry.BaseUri };
        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "v2/gc/doomed/manifests/1"));
        var digest = head.Headers.GetValues("Docker-Content-Digest").Single();
        var doomedBlobs = JsonDocument.Parse(await http.GetStringAsync("v2/gc/doomed/manifests/1")).RootElement.GetProperty("layers")
            .EnumerateArray().Select(l => l.GetProperty("digest").GetString()!).Append(digest).ToList();
        Assert.Equal(HttpStatusCode.Accepted, (await http.DeleteAsync($"v2/gc/doomed/manifests/{digest}")).StatusCode);
        registry.Kill();

        var dry = _user.Run("registry", "gc", "--root", registry.Storage, "--dry-run").Ok();
        Assert.Contains("eligible for deletion", dry.Stdout);
        Assert.All(doomedBlobs, b => Assert.True(File.Exists(Path.Combine(registry.Storage, "blobs", "sha256", b[7..]))));
        var gc = _user.Run("registry", "gc", "--root", registry.Storage).Ok();
        foreach (var blob in doomedBlobs)
        {
            Assert.Contains(blob, gc.Stdout);
            Assert.False(File.Exists(Path.Combine(registry.Storage, "blobs", "sha256", blob[7..])));
        }
        registry.Restart();
        using var other = new BerthFixture();
        using var puller = new RegistryUser(other);
        puller.Run("pull", kept).Ok();
        Assert.Equal("kept\n", other.Run("run", "--rm", kept, "echo", "kept").Ok().Stdout);
    }

    [Fact]
    public async Task ReadOnlyRegistryRefusesPushesWithASpecError()
    {
        using var registry = RegistryProcess.Berth(berth.Binary, "--read-only");
        using var http = new HttpClient { BaseAddress = registry.BaseUri };
        var response = await http.PostAsync("v2/ro/app/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("\"UNSUPPORTED\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("v2/_catalog")).StatusCode);
        var name = $"{registry.Host}/ro/app:1";
        _user.ImportUnique(busybox, name);
        var push = _user.Run("push", name);
        Assert.Equal(1, push.Exit);
        Assert.Contains("read-only", push.Stderr);
    }
}
