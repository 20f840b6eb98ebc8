using Berth.Images.Content;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server;

/// <summary>GET, HEAD (with Range) and DELETE of /v2/NAME/blobs/DIGEST.</summary>
sealed class BlobEndpoints(RegistryContext registry)
{
    public Task Handle(HttpContext http, RegistryRoute route)
    {
        var digest = Responses.ParseDigest(route.Reference);
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) return Serve(http, route.Name, digest);
        if (HttpMethods.IsDelete(http.Request.Method)) return Delete(http, route.Name, digest);
        throw RegistryError.Unsupported($"{http.Request.Method} is not allowed on a blob");
    }

    bool Visible(string name, Digest digest) =>
        registry.Repositories.HasLayer(name, digest) || registry.Repositories.ManifestMediaType(name, digest) is not null;

    async Task Serve(HttpContext http, string name, Digest digest)
    {
        if (!Visible(name, digest)) throw RegistryError.BlobUnknown(digest.Value);
        // Opened before the headers go out: a blob collected meanwhile is a 404, and the length sent is the file's.
        using var file = registry.Blobs.OpenRead(digest) ?? throw RegistryError.BlobUnknown(digest.Value);
        var length = RandomAccess.GetLength(file);
        var response = http.Response;
        Responses.DigestHeader(http, digest);
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"{digest}\"";
        response.ContentType = "application/octet-stream";
        if (!ByteRange.TryParseRequest(http.Request.Headers.Range, length, out var range))
        {
            response.Headers.ContentRange = $"bytes */{length}";
            throw RegistryError.RangeInvalid($"range {http.Request.Headers.Range} is outside the blob's {length} bytes");
        }
        var (start, count) = range ?? (0, length);
        if (range is not null)
        {
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {start}-{start + count - 1}/{length}";
        }
        response.ContentLength = count;
        if (HttpMethods.IsHead(http.Request.Method)) return;
        await BlobSender.Send(response, file, start, count, http.RequestAborted);
    }

    Task Delete(HttpContext http, string name, Digest digest)
    {
        if (!registry.Repositories.UnlinkLayer(name, digest)) throw RegistryError.BlobUnknown(digest.Value);
        return Responses.Empty(http, 202);
    }
}
