using System.Net;
using System.Text.Json;
using Berth.Integration.Tests.Build;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>berth's client against berth's registry: push, pull into another root, run; what the registry then holds.</summary>
public sealed class RegistryRoundTripTests(BerthFixture berth, BusyboxTarball busybox) : IClassFixture<BerthFixture>, IClassFixture<BusyboxTarball>, IDisposable
{
    readonly RegistryProcess _registry = RegistryProcess.Berth(berth.Binary);
    readonly RegistryUser _user = new(berth);

    public void Dispose()
    {
        _user.Dispose();
        _registry.Dispose();
    }

    [Fact]
    public void BuildPullsABaseImageTheStoreLacks()
    {
        var name = $"{_registry.Host}/it/base:1";
        _user.ImportUnique(busybox, name);
        _user.Run("push", name).Ok();

        using var other = new BerthFixture();
        Assert.NotEqual(0, other.Run("image", "inspect", name).Exit);
        using var ws = new BuildWorkspace(other).File("Dockerfile", $"FROM {name}\nRUN test -f /etc/unique && echo built-on-pulled > /built\n");
        var build = ws.Build("-t", "on-pulled").Ok();
        Assert.Contains("Pull complete", build.Stderr);
        Assert.Equal(berth.Inspect(name, "{{.Id}}"), other.Inspect(name, "{{.Id}}"));
        Assert.Equal("built-on-pulled\n", other.Run("run", "--rm", "on-pulled", "cat", "/built").Ok().Stdout);
    }

    [Fact]
    public void PushedImagePullsIntoAnotherRootAndRuns()
    {
        var name = $"{_registry.Host}/it/app:1";
        _user.ImportUnique(busybox, name);
        var push = _user.Run("push", name).Ok();
        Assert.Contains("Pushed", push.Stdout);
        Assert.Matches(@"1: digest: sha256:[0-9a-f]{64} size: \d+", push.Stdout);

        using var other = new BerthFixture();
        using var puller = new RegistryUser(other);
        var pull = puller.Run("pull", name).Ok();
        Assert.Contains("Pull complete", pull.Stdout);
        Assert.EndsWith(name + "\n", pull.Stdout);
        Assert.Equal(berth.Inspect(name, "{{.Id}}"), other.Inspect(name, "{{.Id}}"));
        Assert.Equal("from-registry\n", other.Run("run", "--rm", name, "sh", "-c", "cat /etc/unique >/dev/null && echo from-registry").Ok().Stdout);

        var again = puller.Run("pull", name).Ok();
        Assert.Contains("Already exists", again.Stdout);
        Assert.DoesNotContain("Pull complete", again.Stdout);
    }

    [Fact]
    public void PullByDigestAndRepoDigestIsRecorded()
    {
        var name = $"{_registry.Host}/it/pinned:1";
        _user.ImportUnique(busybox, name);
        var digest = System.Text.RegularExpressions.Regex.Match(_user.Run("push", name).Ok().Stdout, "sha256:[0-9a-f]{64}").Value;
        using var other = new BerthFixture();
        using var puller = new RegistryUser(other);
        puller.Run("pull", $"{_registry.Host}/it/pinned@{digest}").Ok();
        Assert.Contains($"{_registry.Host}/it/pinned@{digest}", other.Inspect($"{_registry.Host}/it/pinned@{digest}", "{{json .RepoDigests}}"));
    }

    [Fact]
    public void SecondRepositoryMountsTheLayerInsteadOfUploadingIt()
    {
        var first = $"{_registry.Host}/it/one:1";
        _user.ImportUnique(busybox, first);
        _user.Run("push", first).Ok();
        var second = $"{_registry.Host}/it/two:1";
        _user.Run("tag", first, second).Ok();
        var push = _user.Run("push", second).Ok();
        Assert.Contains("Mounted from it/one", push.Stdout);
        Assert.DoesNotContain("Pushing", push.Stdout);
        _user.Run("push", second).Ok();
        Assert.Contains("Layer already exists", _user.Run("push", second).Ok().Stdout);
    }

    [Fact]
    public async Task CatalogAndTagsListArePaginatedAndServedAsSkopeoSeesThem()
    {
        var name = $"{_registry.Host}/it/tags";
        _user.ImportUnique(busybox, name + ":a");
        foreach (var tag in new[] { "b", "c" }) _user.Run("tag", name + ":a", $"{name}:{tag}").Ok();
        foreach (var tag in new[] { "a", "b", "c" }) _user.Run("push", $"{name}:{tag}").Ok();
        using var http = new HttpClient { BaseAddress = _registry.BaseUri };
        var page = await http.GetAsync("v2/it/tags/tags/list?n=2");
        Assert.Equal("""{"name":"it/tags","tags":["a","b"]}""", await page.Content.ReadAsStringAsync());
        Assert.Equal("</v2/it/tags/tags/list?n=2&last=b>; rel=\"next\"", page.Headers.GetValues("Link").Single());
        Assert.Equal("""{"name":"it/tags","tags":["c"]}""", await http.GetStringAsync("v2/it/tags/tags/list?n=2&last=b"));
        Assert.Equal("""{"repositories":["it/tags"]}""", await http.GetStringAsync("v2/_catalog?n=10"));
        var listed = Programs.Run("skopeo", ["list-tags", "--tls-verify=false", $"docker://{name}"]);
        Assert.True(listed.Exit == 0, listed.Stderr);
        Assert.Equal(["a", "b", "c"], JsonDocument.Parse(listed.Stdout).RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void ALayerOverTheChunkSizeIsPushedInChunksAndPullsBackWhole()
    {
        using var dir = new TempDirectory();
        var big = dir.Sub("big.tar");
        using (var output = File.Create(big))
        using (var writer = new System.Formats.Tar.TarWriter(output, System.Formats.Tar.TarEntryFormat.Pax))
        {
            var data = new byte[70 << 20];
            System.Security.Cryptography.RandomNumberGenerator.Fill(data);
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "big") { DataStream = new MemoryStream(data) });
        }
        var name = $"{_registry.Host}/it/big:1";
        _user.Run("import", big, name).Ok();
        Assert.Contains("Pushing in 2 chunks", _user.Run("push", name).Ok().Stdout);
        using var other = new BerthFixture();
        using var puller = new RegistryUser(other);
        puller.Run("pull", name).Ok();
        Assert.Equal(berth.Inspect(name, "{{.Id}}"), other.Inspect(name, "{{.Id}}"));
    }

    [Fact]
    public void PushWithoutTheLocalImageSaysSo()
    {
        var result = _user.Run("push", $"{_registry.Host}/it/missing:1");
        Assert.Equal(1, result.Exit);
        Assert.Contains("An image does not exist locally with the tag", result.Stderr);
    }

    [Fact]
    public void PullOfAnUnknownTagFailsWithManifestUnknown()
    {
        var result = _user.Run("pull", $"{_registry.Host}/it/nothing:1");
        Assert.Equal(1, result.Exit);
        Assert.Contains("manifest unknown", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void OnATerminalEachLayerIsOneLineRedrawnInPlaceAndInAPipeTheLinesArePlain()
    {
        var name = $"{_registry.Host}/it/progress:1";
        _user.ImportUnique(busybox, name);
        var push = InTerminal(berth, $"push {name}");
        Assert.Equal(0, push.Exit);
        Assert.Contains(": Pushed", push.Stdout);
        Assert.Matches(@"\x1b\[\d+A\r\x1b\[2K[0-9a-f]{12}: Pushed", push.Stdout);

        using var other = new BerthFixture();
        var pull = InTerminal(other, $"pull {name}");
        Assert.Equal(0, pull.Exit);
        Assert.Matches(@"\x1b\[\d+A\r\x1b\[2K[0-9a-f]{12}: Pull complete", pull.Stdout);
        Assert.Contains("Digest: sha256:", pull.Stdout);

        // Through a pipe: docker's plain lines, one per state, no cursor movement and no byte counts.
        using var third = new BerthFixture();
        using var user = new RegistryUser(third);
        var plain = user.Run("pull", name).Ok();
        Assert.DoesNotContain("\x1b", plain.Stdout);
        Assert.DoesNotContain("MB", plain.Stdout);
        Assert.Matches(@"(?m)^[0-9a-f]{12}: Pulling fs layer\n", plain.Stdout);
        Assert.Matches(@"(?m)^[0-9a-f]{12}: Verifying Checksum\n", plain.Stdout);
        Assert.Matches(@"(?m)^[0-9a-f]{12}: Pull complete\n", plain.Stdout);
    }

    /// <summary>berth with a terminal as its stdout (`script` makes one), 120 columns wide.</summary>
    static BerthResult InTerminal(BerthFixture fixture, string berthArgs) =>
        fixture.RunProgram("script", ["-qec", $"stty cols 120; {fixture.Binary} {berthArgs}", "/dev/null"], timeout: TimeSpan.FromMinutes(2));
}
