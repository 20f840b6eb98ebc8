using System.Net;
using System.Net.Http.Headers;
using Berth.Images.Content;
using Berth.Images.Oci;
using Berth.Sys.Errors;

namespace Berth.Registry.Client;

/// <summary>The distribution API calls for one repository: manifests, blobs, uploads.</summary>
public sealed class RepositoryApi(RegistryClient client, string name)
{
    public const long MaxManifestBytes = 4 << 20;
    static readonly string[] ManifestTypes = [MediaTypes.OciIndex, MediaTypes.DockerManifestList, MediaTypes.OciManifest, MediaTypes.DockerManifest];

    public string Name => name;
    public RegistryClient Client => client;
    string PullScope => $"repository:{name}:pull";
    string PushScope => $"repository:{name}:pull,push";

    /// <summary>A manifest's exact bytes and media type, checked against its digest.</summary>
    public async Task<(byte[] Body, string MediaType, Digest Digest)> GetManifest(string reference, CancellationToken cancel)
    {
        using var response = await client.SendAsync(root =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(root, $"v2/{name}/manifests/{reference}"));
            foreach (var type in ManifestTypes) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, PullScope, cancel);
        if (!response.IsSuccessStatusCode)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new RegistryResponseException(response.StatusCode, $"manifest for {client.Host.Domain}/{name}:{reference} not found: manifest unknown");
            throw await RegistryResponseException.From(response, $"pull {client.Host.Domain}/{name}:{reference}", cancel);
        }
        if (response.Content.Headers.ContentLength > MaxManifestBytes) throw BerthException.Invalid($"manifest {reference} is over {MaxManifestBytes} bytes");
        var body = await response.Content.ReadAsByteArrayAsync(cancel);
        if (body.Length > MaxManifestBytes) throw BerthException.Invalid($"manifest {reference} is over {MaxManifestBytes} bytes");
        var digest = Digest.Of(body);
        if (Digest.TryParse(reference, out var pinned) && pinned != digest)
            throw BerthException.Invalid($"manifest digest mismatch: asked for {pinned}, the registry sent {digest}");
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var header) && Digest.TryParse(header.First(), out var claimed) && claimed != digest)
            throw BerthException.Invalid($"manifest digest mismatch: the registry says {claimed}, the content is {digest}");
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypes.OciManifest;
        return (body, mediaType, digest);
    }

    public async Task<bool> BlobExists(Digest digest, CancellationToken cancel)
    {
        using var response = await client.SendAsync(root => new HttpRequestMessage(HttpMethod.Head, new Uri(root, $"v2/{name}/blobs/{digest}")), PushScope, cancel);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (response.IsSuccessStatusCode) return true;
        throw await RegistryResponseException.From(response, $"HEAD blob {digest.Short}", cancel);
    }

    /// <summary>Opens a blob from <paramref name="offset"/>; Partial tells whether the registry honoured the range.</summary>
    public async Task<(HttpResponseMessage Response, bool Partial)> GetBlob(Digest digest, long offset, CancellationToken cancel)
    {
        var response = await client.SendAsync(root =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(root, $"v2/{name}/blobs/{digest}"));
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            return request;
        }, PullScope, cancel);
        if (response.IsSuccessStatusCode) return (response, response.StatusCode == HttpStatusCode.PartialContent);
        using (response) throw await RegistryResponseException.From(response, $"fetch blob {digest.Short}", cancel);
    }

    /// <summary>POST an upload; with <paramref name="mountFrom"/>, ask to mount the blob instead. Null location: mounted.</summary>
    public async Task<Uri?> StartUpload(Digest digest, string? mountFrom, CancellationToken cancel)
    {
        var query = mountFrom is null ? "" : $"?mount={digest}&from={Uri.EscapeDataString(mountFrom)}";
        var scope = mountFrom is null ? PushScope : $"{PushScope} repository:{mountFrom}:pull";
        using var response = await client.SendAsync(root => new HttpRequestMessage(HttpMethod.Post, new Uri(root, $"v2/{name}/blobs/uploads/{query}"))
        {
            Content = new ByteArrayContent([]),
        }, scope, cancel);
        if (response.StatusCode == HttpStatusCode.Created) return null;
        if (response.StatusCode != HttpStatusCode.Accepted) throw await RegistryResponseException.From(response, $"start upload of {digest.Short}", cancel);
        return await Location(response);
    }

    /// <summary>PATCH a chunk at <paramref name="offset"/>; returns where the upload continues.</summary>
    public async Task<Uri> UploadChunk(Uri location, Func<HttpContent> content, long offset, long length, CancellationToken cancel)
    {
        using var response = await client.SendAsync(_ =>
        {
            var body = content();
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            body.Headers.ContentLength = length;
            var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = body };
            request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}");
            return request;
        }, PushScope, cancel);
        if (response.StatusCode != HttpStatusCode.Accepted) throw await RegistryResponseException.From(response, "upload chunk", cancel);
        return await Location(response);
    }

    /// <summary>PUT ?digest= to finish an upload, with the rest of the blob or nothing.</summary>
    public async Task FinishUpload(Uri location, Digest digest, Func<HttpContent>? content, long length, CancellationToken cancel)
    {
        var separator = location.Query.Length > 0 ? "&" : "?";
        var target = new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest.Value));
        using var response = await client.SendAsync(_ =>
        {
            var body = content?.Invoke() ?? new ByteArrayContent([]);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            body.Headers.ContentLength = content is null ? 0 : length;
            return new HttpRequestMessage(HttpMethod.Put, target) { Content = body };
        }, PushScope, cancel);
        if (response.StatusCode != HttpStatusCode.Created) throw await RegistryResponseException.From(response, $"upload {digest.Short}", cancel);
    }

    public async Task<Digest> PutManifest(string reference, byte[] body, string mediaType, CancellationToken cancel)
    {
        using var response = await client.SendAsync(root =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new HttpRequestMessage(HttpMethod.Put, new Uri(root, $"v2/{name}/manifests/{reference}")) { Content = content };
        }, PushScope, cancel);
        if (response.StatusCode != HttpStatusCode.Created) throw await RegistryResponseException.From(response, $"push manifest {reference}", cancel);
        return Digest.Of(body);
    }

    async Task<Uri> Location(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw BerthException.Internal("the registry started an upload without a Location");
        return location.IsAbsoluteUri ? location : new Uri(await client.BaseAsync(CancellationToken.None), location);
    }
}
