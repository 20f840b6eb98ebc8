using Berth.Images.Content;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server;

/// <summary>
/// Blob uploads: POST (monolithic with ?digest=, cross-repository ?mount=, or a session), PATCH
/// chunks in order, GET status, PUT to finish with ?digest=, DELETE to cancel.
/// </summary>
sealed class UploadEndpoints(RegistryContext registry)
{
    public Task Start(HttpContext http, RegistryRoute route, Func<string, bool> mayPull)
    {
        var query = http.Request.Query;
        if (query["mount"].ToString() is { Length: > 0 } mount && TryMount(http, route.Name, mount, query["from"].ToString(), mayPull))
            return Task.CompletedTask;
        var id = registry.Blobs.NewUpload();
        if (query["digest"].ToString() is { Length: > 0 } digest) return Finish(http, route.Name, id, digest);
        return Status(http, route.Name, id, 202);
    }

    bool TryMount(HttpContext http, string name, string mount, string from, Func<string, bool> mayPull)
    {
        if (!Digest.TryParse(mount, out var digest) || !RepositoryNames.IsValidName(from) || !mayPull(from)) return false;
        if (!registry.Repositories.HasLayer(from, digest) || !registry.Blobs.Exists(digest)) return false;
        registry.Repositories.LinkLayer(name, digest);
        Created(http, name, digest);
        return true;
    }

    public async Task Handle(HttpContext http, RegistryRoute route)
    {
        var id = route.Reference;
        if (!RepositoryNames.IsValidUploadId(id) || registry.Blobs.UploadSize(id) is null) throw RegistryError.BlobUploadUnknown();
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method)) await Status(http, route.Name, id, 204);
        else if (HttpMethods.IsPatch(method)) await Patch(http, route.Name, id);
        else if (HttpMethods.IsPut(method)) await Finish(http, route.Name, id, http.Request.Query["digest"].ToString());
        else if (HttpMethods.IsDelete(method))
        {
            registry.Blobs.CancelUpload(id);
            await Responses.Empty(http, 204);
        }
        else throw RegistryError.Unsupported($"{method} is not allowed on an upload");
    }

    async Task Patch(HttpContext http, string name, string id)
    {
        long? offset = null;
        long? length = http.Request.ContentLength;
        if (http.Request.Headers.ContentRange.ToString() is { Length: > 0 } header)
        {
            if (!ByteRange.TryParseContentRange(header, out var start, out var end))
                throw RegistryError.RangeInvalid($"Content-Range \"{header}\" is not START-END");
            offset = start;
            length = end - start + 1;
        }
        await registry.Blobs.AppendAsync(id, http.Request.Body, offset, length, http.RequestAborted);
        await Status(http, name, id, 202);
    }

    async Task Finish(HttpContext http, string name, string id, string digestText)
    {
        if (!Digest.TryParse(digestText, out var digest))
        {
            registry.Blobs.CancelUpload(id);
            throw RegistryError.DigestInvalid($"\"{digestText}\" is not a sha256 digest");
        }
        try
        {
            if (http.Request.ContentLength is not 0) await registry.Blobs.AppendAsync(id, http.Request.Body, null, http.Request.ContentLength, http.RequestAborted);
            await registry.Blobs.CommitAsync(id, digest, http.RequestAborted);
        }
        catch (RegistryError)
        {
            registry.Blobs.CancelUpload(id);
            throw;
        }
        registry.Repositories.LinkLayer(name, digest);
        Created(http, name, digest);
    }

    static void Created(HttpContext http, string name, Digest digest)
    {
        http.Response.StatusCode = 201;
        http.Response.Headers.Location = $"/v2/{name}/blobs/{digest}";
        http.Response.ContentLength = 0;
        Responses.DigestHeader(http, digest);
    }

    Task Status(HttpContext http, string name, string id, int status)
    {
        var size = registry.Blobs.UploadSize(id) ?? 0;
        http.Response.Headers.Location = $"/v2/{name}/blobs/uploads/{id}";
        http.Response.Headers.Range = $"0-{Math.Max(size - 1, 0)}";
        http.Response.Headers["Docker-Upload-UUID"] = id;
        return Responses.Empty(http, status);
    }
}
