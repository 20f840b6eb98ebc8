using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>berth's registry over raw HTTP, as the distribution spec describes each endpoint.</summary>
public sealed class RegistryProtocolTests : IClassFixture<BerthFixture>, IDisposable
{
    readonly RegistryProcess _registry;
    readonly HttpClient _http;

    public RegistryProtocolTests(BerthFixture berth)
    {
        _registry = RegistryProcess.Berth(berth.Binary);
        _http = new HttpClient { BaseAddress = _registry.BaseUri };
    }

    public void Dispose()
    {
        _http.Dispose();
        _registry.Dispose();
    }

    static string DigestOf(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    static async Task<string> ErrorCode(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("errors")[0].GetProperty("code").GetString()!;
    }

    async Task<string> PushBlob(string repo, byte[] data)
    {
        var digest = DigestOf(data);
        var response = await _http.PostAsync($"v2/{repo}/blobs/uploads/?digest={digest}", new ByteArrayContent(data));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return digest;
    }

    async Task<(string Digest, byte[] Body)> PushManifest(string repo, string reference, string mediaType, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var response = await _http.PutAsync($"v2/{repo}/manifests/{reference}", content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(DigestOf(body), response.Headers.GetValues("Docker-Content-Digest").Single());
        return (DigestOf(body), body);
    }

    async Task<(string Digest, byte[] Body)> PushImage(string repo, string tag, string? subject = null, string? artifactType = null)
    {
        var config = await PushBlob(repo, Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"n":"{{Guid.NewGuid()}}"}"""));
        var layer = await PushBlob(repo, RandomNumberGenerator.GetBytes(1000));
        var configSize = (await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/{repo}/blobs/{config}"))).Content.Headers.ContentLength;
        var subjectJson = subject is null ? "" : $$""","subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{subject}}","size":100}""";
        var typeJson = artifactType is null ? "" : $$""","artifactType":"{{artifactType}}" """;
        return await PushManifest(repo, tag, "application/vnd.oci.image.manifest.v1+json", $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{config}}","size":{{configSize}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{layer}}","size":1000}]{{subjectJson}}{{typeJson}}}
            """);
    }

    [Fact]
    public async Task BaseEndpointAnswersWithTheApiVersionHeader()
    {
        var response = await _http.GetAsync("v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
    }

    [Fact]
    public async Task MonolithicUploadWithAWrongDigestIsRefusedAndNothingBecomesVisible()
    {
        var data = RandomNumberGenerator.GetBytes(4096);
        var claimed = DigestOf(RandomNumberGenerator.GetBytes(10));
        var response = await _http.PostAsync($"v2/p/mismatch/blobs/uploads/?digest={claimed}", new ByteArrayContent(data));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("DIGEST_INVALID", await ErrorCode(response));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/p/mismatch/blobs/{claimed}"))).StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(_registry.Storage, "blobs", "sha256")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_registry.Storage, "uploads")));
    }

    [Fact]
    public async Task ChunkedUploadRefusesAnOutOfOrderChunkWith416ThenCompletes()
    {
        var data = RandomNumberGenerator.GetBytes(3000);
        var start = await _http.PostAsync("v2/p/chunked/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!.ToString();
        Assert.Equal(HttpStatusCode.Accepted, (await Patch(location, data, 0, 1000)).StatusCode);
        var skipped = await Patch(location, data, 2000, 1000);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, skipped.StatusCode);
        Assert.Equal("RANGE_INVALID", await ErrorCode(skipped));
        var status = await _http.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-999", status.Headers.GetValues("Range").Single());
        var second = await Patch(location, data, 1000, 2000);
        Assert.Equal("0-2999", second.Headers.GetValues("Range").Single());
        var finish = await _http.PutAsync(second.Headers.Location + "?digest=" + DigestOf(data), null);
        Assert.Equal(HttpStatusCode.Created, finish.StatusCode);
        Assert.Equal(data, await _http.GetByteArrayAsync($"v2/p/chunked/blobs/{DigestOf(data)}"));
    }

    Task<HttpResponseMessage> Patch(string location, byte[] data, int offset, int length)
    {
        var content = new ByteArrayContent(data, offset, length);
        content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}");
        return _http.PatchAsync(location, content);
    }

    [Fact]
    public async Task CancelledUploadIsGone()
    {
        var start = await _http.PostAsync("v2/p/cancel/blobs/uploads/", null);
        var location = start.Headers.Location!.ToString();
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(location)).StatusCode);
        var after = await _http.GetAsync(location);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal("BLOB_UPLOAD_UNKNOWN", await ErrorCode(after));
    }

    [Fact]
    public async Task BlobRangeRequestsGetPartialContent()
    {
        var data = RandomNumberGenerator.GetBytes(10000);
        var digest = await PushBlob("p/range", data);
        var request = new HttpRequestMessage(HttpMethod.Get, $"v2/p/range/blobs/{digest}");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("bytes 100-199/10000", response.Content.Headers.ContentRange!.ToString());
        Assert.Equal(data[100..200], await response.Content.ReadAsByteArrayAsync());
        var outside = new HttpRequestMessage(HttpMethod.Get, $"v2/p/range/blobs/{digest}");
        outside.Headers.Range = new RangeHeaderValue(20000, null);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await _http.SendAsync(outside)).StatusCode);
    }

    [Fact]
    public async Task ABlobIsServedOnlyInRepositoriesItWasPushedOrMountedTo()
    {
        var digest = await PushBlob("p/source", RandomNumberGenerator.GetBytes(500));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"v2/p/other/blobs/{digest}")).StatusCode);
        var mount = await _http.PostAsync($"v2/p/other/blobs/uploads/?mount={digest}&from=p/source", null);
        Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"v2/p/other/blobs/{digest}")).StatusCode);
        var unknown = await _http.PostAsync($"v2/p/third/blobs/uploads/?mount={DigestOf([1, 2, 3])}&from=p/source", null);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
    }

    [Fact]
    public async Task ManifestNamingAMissingBlobIsRefused()
    {
        var content = new StringContent($$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{DigestOf([9])}}","size":1},"layers":[]}""");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        var response = await _http.PutAsync("v2/p/missing/manifests/1", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MANIFEST_BLOB_UNKNOWN", await ErrorCode(response));
    }

    [Fact]
    public async Task ManifestsAndIndexesByTagAndDigestThenDeleted()
    {
        var (digest, body) = await PushImage("p/m", "v1");
        var byTag = await _http.GetAsync("v2/p/m/manifests/v1");
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", byTag.Content.Headers.ContentType!.MediaType);
        Assert.Equal(body, await byTag.Content.ReadAsByteArrayAsync());
        var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/p/m/manifests/{digest}"));
        Assert.Equal(digest, head.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal(body.Length, head.Content.Headers.ContentLength);

        var (listDigest, _) = await PushManifest("p/m", "multi", "application/vnd.docker.distribution.manifest.list.v2+json", $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{digest}}","size":{{body.Length}},"platform":{"architecture":"amd64","os":"linux"} }]}
            """);
        Assert.Equal("application/vnd.docker.distribution.manifest.list.v2+json", (await _http.GetAsync("v2/p/m/manifests/multi")).Content.Headers.ContentType!.MediaType);

        Assert.Equal(HttpStatusCode.Accepted, (await _http.DeleteAsync("v2/p/m/manifests/multi")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"v2/p/m/manifests/{listDigest}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.DeleteAsync($"v2/p/m/manifests/{digest}")).StatusCode);
        var gone = await _http.GetAsync("v2/p/m/manifests/v1");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("MANIFEST_UNKNOWN", await ErrorCode(gone));
    }

    [Fact]
    public async Task ReferrersListArtifactsOfASubjectFilteredByArtifactType()
    {
        var (subject, _) = await PushImage("p/ref", "base");
        var put = await PushImage("p/ref", "sig", subject, "application/vnd.example.signature");
        await PushImage("p/ref", "sbom", subject, "application/vnd.example.sbom");
        using var all = JsonDocument.Parse(await _http.GetStringAsync($"v2/p/ref/referrers/{subject}"));
        Assert.Equal(2, all.RootElement.GetProperty("manifests").GetArrayLength());
        var filtered = await _http.GetAsync($"v2/p/ref/referrers/{subject}?artifactType=application/vnd.example.signature");
        Assert.Equal("artifactType", filtered.Headers.GetValues("OCI-Filters-Applied").Single());
        using var json = JsonDocument.Parse(await filtered.Content.ReadAsStringAsync());
        var only = Assert.Single(json.RootElement.GetProperty("manifests").EnumerateArray());
        Assert.Equal(put.Digest, only.GetProperty("digest").GetString());
        Assert.Equal("application/vnd.example.signature", only.GetProperty("artifactType").GetString());
    }

    [Theory]
    [InlineData("v2/../../etc/manifests/passwd")]
    [InlineData("v2/a/..%2F..%2Fetc/manifests/latest")]
    [InlineData("v2/a/manifests/..%2F..%2F..%2Fblobs")]
    [InlineData("v2/UPPER/manifests/latest")]
    [InlineData("v2/a/blobs/sha256:..%2F..%2Fetc")]
    public async Task PathTraversalInNamesAndReferencesIsRefused(string path)
    {
        var response = await _http.GetAsync(path);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        Assert.Contains("\"errors\"", await response.Content.ReadAsStringAsync());
        var put = await _http.PutAsync("v2/a/manifests/..%2F..%2Fescape", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.False(File.Exists(Path.Combine(_registry.Storage, "escape")));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(_registry.Storage)!, "escape")));
    }
}
