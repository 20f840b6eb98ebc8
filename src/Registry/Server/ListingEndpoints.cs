using System.Text.Json;
using Berth.Images.Content;
using Berth.Images.Oci;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server;

/// <summary>Tags list and catalog (paginated with n and last, a Link header to the next page) and the referrers API.</summary>
sealed class ListingEndpoints(RegistryContext registry)
{
    public Task Tags(HttpContext http, RegistryRoute route)
    {
        var tags = registry.Repositories.Tags(route.Name);
        if (tags.Count == 0 && !registry.Repositories.Exists(route.Name)) throw RegistryError.NameUnknown(route.Name);
        var page = Paginate(http, tags, $"/v2/{route.Name}/tags/list");
        return Write(http, json =>
        {
            json.WriteString("name", route.Name);
            WriteArray(json, "tags", page);
        });
    }

    public Task Catalog(HttpContext http)
    {
        var page = Paginate(http, registry.Repositories.Catalog(), "/v2/_catalog");
        return Write(http, json => WriteArray(json, "repositories", page));
    }

    static IReadOnlyList<string> Paginate(HttpContext http, IReadOnlyList<string> sorted, string path)
    {
        var query = http.Request.Query;
        var last = query["last"].ToString();
        IEnumerable<string> rest = last.Length > 0 ? sorted.Where(s => string.CompareOrdinal(s, last) > 0) : sorted;
        if (!int.TryParse(query["n"].ToString(), out var n) || n < 0) return rest.ToList();
        var page = rest.Take(n).ToList();
        if (page.Count == n && n > 0 && rest.Skip(n).Any())
            http.Response.Headers.Link = $"<{path}?n={n}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        return page;
    }

    public async Task Referrers(HttpContext http, RegistryRoute route)
    {
        var subject = Responses.ParseDigest(route.Reference);
        var filter = http.Request.Query["artifactType"].ToString();
        var entries = new List<(Digest Digest, string MediaType, long Size, ManifestFacts Facts)>();
        foreach (var digest in registry.Repositories.Referrers(route.Name, subject))
        {
            var body = await File.ReadAllBytesAsync(registry.Blobs.PathOf(digest), http.RequestAborted);
            var facts = ManifestFacts.Parse(body, registry.Repositories.ManifestMediaType(route.Name, digest));
            if (filter.Length > 0 && facts.ArtifactType != filter) continue;
            entries.Add((digest, facts.MediaType, body.Length, facts));
        }
        if (filter.Length > 0) http.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        await Write(http, json =>
        {
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", MediaTypes.OciIndex);
            json.WriteStartArray("manifests");
            foreach (var (digest, mediaType, size, facts) in entries.OrderBy(e => e.Digest.Value, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("mediaType", mediaType);
                json.WriteString("digest", digest.Value);
                json.WriteNumber("size", size);
                if (facts.ArtifactType is { } type) json.WriteString("artifactType", type);
                if (facts.Annotations is { } annotations)
                {
                    json.WritePropertyName("annotations");
                    annotations.WriteTo(json);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }, MediaTypes.OciIndex);
    }

    static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> items)
    {
        json.WriteStartArray(name);
        foreach (var item in items) json.WriteStringValue(item);
        json.WriteEndArray();
    }

    static Task Write(HttpContext http, Action<Utf8JsonWriter> body, string contentType = "application/json")
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return Responses.Json(http, 200, buffer.ToArray(), contentType);
    }
}
