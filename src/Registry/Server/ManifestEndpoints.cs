using Berth.Images.Content;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server;

/// <summary>GET, HEAD, PUT and DELETE of /v2/NAME/manifests/REFERENCE, by tag or by digest.</summary>
sealed class ManifestEndpoints(RegistryContext registry)
{
    public Task Handle(HttpContext http, RegistryRoute route)
    {
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) return Serve(http, route);
        if (HttpMethods.IsPut(method)) return Put(http, route);
        if (HttpMethods.IsDelete(method)) return Delete(http, route);
        throw RegistryError.Unsupported($"{method} is not allowed on a manifest");
    }

    Digest Resolve(RegistryRoute route)
    {
        if (route.Reference.StartsWith("sha256:", StringComparison.Ordinal)) return Responses.ParseDigest(route.Reference);
        if (!RepositoryNames.IsValidTag(route.Reference)) throw RegistryError.TagInvalid(route.Reference);
        return registry.Repositories.ResolveTag(route.Name, route.Reference) ?? throw RegistryError.ManifestUnknown(route.Reference);
    }

    async Task Serve(HttpContext http, RegistryRoute route)
    {
        var digest = Resolve(route);
        if (registry.Repositories.ManifestMediaType(route.Name, digest) is not { } mediaType || !registry.Blobs.Exists(digest))
            throw RegistryError.ManifestUnknown(route.Reference);
        var body = await File.ReadAllBytesAsync(registry.Blobs.PathOf(digest), http.RequestAborted);
        Responses.DigestHeader(http, digest);
        http.Response.Headers.ETag = $"\"{digest}\"";
        await Responses.Json(http, 200, body, mediaType);
    }

    async Task Put(HttpContext http, RegistryRoute route)
    {
        var body = await ReadBody(http);
        var digest = Digest.Of(body);
        var byDigest = route.Reference.StartsWith("sha256:", StringComparison.Ordinal);
        if (byDigest && Responses.ParseDigest(route.Reference) != digest)
            throw RegistryError.DigestInvalid($"the manifest's digest is {digest}, not {route.Reference}");
        if (!byDigest && !RepositoryNames.IsValidTag(route.Reference)) throw RegistryError.TagInvalid(route.Reference);
        var facts = ManifestFacts.Parse(body, http.Request.ContentType);
        foreach (var blob in facts.Blobs)
            if (!registry.Repositories.HasLayer(route.Name, blob) || !registry.Blobs.Exists(blob)) throw RegistryError.ManifestBlobUnknown(blob.Value);
        foreach (var child in facts.Children)
            if (registry.Repositories.ManifestMediaType(route.Name, child) is null) throw RegistryError.ManifestBlobUnknown(child.Value);
        registry.Blobs.Write(digest, body);
        registry.Repositories.LinkManifest(route.Name, digest, facts.MediaType);
        if (facts.Subject is { } subject)
        {
            registry.Repositories.AddReferrer(route.Name, subject, digest);
            http.Response.Headers["OCI-Subject"] = subject.Value;
        }
        if (!byDigest) registry.Repositories.Tag(route.Name, route.Reference, digest);
        http.Response.Headers.Location = $"/v2/{route.Name}/manifests/{digest}";
        Responses.DigestHeader(http, digest);
        await Responses.Empty(http, 201);
    }

    async Task<byte[]> ReadBody(HttpContext http)
    {
        var limit = registry.Options.MaxManifestBytes;
        if (http.Request.ContentLength > limit) throw RegistryError.TooLarge($"a manifest may be at most {limit} bytes");
        using var buffer = new MemoryStream();
        var chunk = new byte[64 << 10];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) throw RegistryError.TooLarge($"a manifest may be at most {limit} bytes");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    Task Delete(HttpContext http, RegistryRoute route)
    {
        if (!route.Reference.StartsWith("sha256:", StringComparison.Ordinal))
        {
            if (!RepositoryNames.IsValidTag(route.Reference)) throw RegistryError.TagInvalid(route.Reference);
            if (!registry.Repositories.Untag(route.Name, route.Reference)) throw RegistryError.ManifestUnknown(route.Reference);
            return Responses.Empty(http, 202);
        }
        if (!registry.Repositories.UnlinkManifest(route.Name, Responses.ParseDigest(route.Reference)))
            throw RegistryError.ManifestUnknown(route.Reference);
        return Responses.Empty(http, 202);
    }
}
