using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>Crashes, interrupted transfers, full disks and corrupt content, on both ends.</summary>
public sealed class RegistryFaultTests(BerthFixture berth, BusyboxTarball busybox) : IClassFixture<BerthFixture>, IClassFixture<BusyboxTarball>, IDisposable
{
    readonly RegistryUser _user = new(berth);
    readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _user.Dispose();
        _dir.Dispose();
    }

    static string DigestOf(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    [Fact]
    public async Task ServerKilledMidUploadShowsNoPartialBlobAndTheUploadCanStartAgain()
    {
        using var registry = RegistryProcess.Berth(berth.Binary);
        using var http = new HttpClient { BaseAddress = registry.BaseUri };
        var data = RandomNumberGenerator.GetBytes(1 << 20);
        var digest = DigestOf(data);
        var start = await http.PostAsync("v2/crash/app/blobs/uploads/", null);
        var half = new ByteArrayContent(data, 0, data.Length / 2);
        half.Headers.TryAddWithoutValidation("Content-Range", $"0-{data.Length / 2 - 1}");
        Assert.Equal(HttpStatusCode.Accepted, (await http.PatchAsync(start.Headers.Location, half)).StatusCode);

        registry.Restart();
        using var after = new HttpClient { BaseAddress = registry.BaseUri };
        Assert.Equal(HttpStatusCode.NotFound, (await after.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/crash/app/blobs/{digest}"))).StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(registry.Storage, "blobs", "sha256")));
        var finishCorrupt = await after.PutAsync(start.Headers.Location + "?digest=" + digest, null);
        Assert.Equal(HttpStatusCode.BadRequest, finishCorrupt.StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(registry.Storage, "blobs", "sha256")));

        var again = await after.PostAsync($"v2/crash/app/blobs/uploads/?digest={digest}", new ByteArrayContent(data));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(data, await after.GetByteArrayAsync($"v2/crash/app/blobs/{digest}"));
    }

    [Fact]
    public void InterruptedPullResumesWhereItStoppedAndAPartialThatIsWrongIsRefusedThenRefetched()
    {
        using var registry = RegistryProcess.Berth(berth.Binary);
        var name = $"{registry.Host}/resume/app:1";
        _user.ImportUnique(busybox, name);
        _user.Run("push", name).Ok();
        var layer = JsonDocument.Parse(berth.Inspect(name, "{{json .RootFS}}"));
        var manifest = ManifestLayer(registry, "resume/app", "1");
        var blob = File.ReadAllBytes(Path.Combine(registry.Storage, "blobs", "sha256", manifest[7..]));

        using var other = new BerthFixture();
        using var puller = new RegistryUser(other);
        // The state a download killed half-way leaves: the first bytes, in the ingest file named by digest.
        var ingest = Path.Combine(other.Root, "content", "ingest");
        Directory.CreateDirectory(ingest);
        File.WriteAllBytes(Path.Combine(ingest, "partial-" + manifest[7..]), blob[..(blob.Length / 2)]);
        var pull = puller.Run("pull", name).Ok();
        Assert.Contains($"Resuming download at {blob.Length / 2} bytes", pull.Stdout);
        Assert.Equal("resumed\n", other.Run("run", "--rm", name, "echo", "resumed").Ok().Stdout);
        Assert.DoesNotContain(Directory.GetFiles(ingest), f => f.EndsWith(manifest[7..], StringComparison.Ordinal));
        Assert.NotNull(layer);

        using var third = new BerthFixture();
        using var corrupt = new RegistryUser(third);
        var thirdIngest = Path.Combine(third.Root, "content", "ingest");
        Directory.CreateDirectory(thirdIngest);
        File.WriteAllBytes(Path.Combine(thirdIngest, "partial-" + manifest[7..]), RandomNumberGenerator.GetBytes(blob.Length / 2));
        var refused = corrupt.Run("pull", name);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("digest mismatch", refused.Stderr);
        Assert.Null(third.Run("images", "-q", name).Stdout.Trim() is { Length: > 0 } id ? id : null);
        corrupt.Run("pull", name).Ok();
        Assert.Equal("refetched\n", third.Run("run", "--rm", name, "echo", "refetched").Ok().Stdout);
    }

    static string ManifestLayer(RegistryProcess registry, string repo, string tag)
    {
        using var http = new HttpClient { BaseAddress = registry.BaseUri };
        using var json = JsonDocument.Parse(http.GetStringAsync($"v2/{repo}/manifests/{tag}").GetAwaiter().GetResult());
        return json.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
    }

    [Fact]
    public async Task FullDiskGivesA5xxSpecErrorAndLeavesNothingPartialVisible()
    {
        var mount = _dir.Sub("small");
        Directory.CreateDirectory(mount);
        Assert.Equal(0, Programs.Run("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mount]).Exit);
        try
        {
            using var registry = RegistryProcess.Berth(berth.Binary, "--root", mount);
            var big = _dir.Sub("big.tar");
            using (var dir = new TempDirectory())
                Tarballs.Write(big, [Tarballs.File("big", Convert.ToBase64String(RandomNumberGenerator.GetBytes(3 << 20)))]);
            var name = $"{registry.Host}/full/app:1";
            _user.Run("import", big, name).Ok();
            var push = _user.Run("push", name);
            Assert.Equal(1, push.Exit);
            Assert.Contains("insufficient storage", push.Stderr);
            Assert.DoesNotContain(Directory.GetFiles(Path.Combine(mount, "blobs", "sha256")), f => new FileInfo(f).Length > 100_000);
            using var http = new HttpClient { BaseAddress = registry.BaseUri };
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("v2/full/app/manifests/1")).StatusCode);
        }
        finally
        {
            Programs.Run("umount", ["-l", mount]);
        }
    }

    [Fact]
    public void ARegistryServingTheWrongBytesIsRefusedByPull()
    {
        using var registry = RegistryProcess.Berth(berth.Binary);
        var name = $"{registry.Host}/tamper/app:1";
        _user.ImportUnique(busybox, name);
        _user.Run("push", name).Ok();
        var layer = ManifestLayer(registry, "tamper/app", "1");
        var path = Path.Combine(registry.Storage, "blobs", "sha256", layer[7..]);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xff;
        File.WriteAllBytes(path, bytes);
        using var other = new BerthFixture();
        using var puller = new RegistryUser(other);
        var pull = puller.Run("pull", name);
        Assert.Equal(1, pull.Exit);
        Assert.Contains($"digest mismatch: expected {layer}", pull.Stderr);
        Assert.False(File.Exists(Path.Combine(other.Root, "content", "blobs", "sha256", layer[7..])));
        Assert.Equal("", other.Run("images", "-q", name).Stdout.Trim());
    }
}
