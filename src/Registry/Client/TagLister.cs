using System.Text.Json;

namespace Berth.Registry.Client;

/// <summary>GET /v2/NAME/tags/list, following the Link header through every page.</summary>
public static class TagLister
{
    public static async Task<IReadOnlyList<string>> List(RepositoryApi repository, CancellationToken cancel)
    {
        var tags = new List<string>();
        var next = $"v2/{repository.Name}/tags/list?n=1000";
        while (next is not null)
        {
            var path = next;
            using var response = await repository.Client.SendAsync(root => new HttpRequestMessage(HttpMethod.Get, new Uri(root, path)), $"repository:{repository.Name}:pull", cancel);
            if (!response.IsSuccessStatusCode) throw await RegistryResponseException.From(response, $"list tags of {repository.Name}", cancel);
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancel));
            if (json.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
                tags.AddRange(list.EnumerateArray().Select(t => t.GetString() ?? "").Where(t => t.Length > 0));
            next = response.Headers.TryGetValues("Link", out var links) && links.First() is var link && link.IndexOf('<') is var lt and >= 0
                ? link[(lt + 1)..link.IndexOf('>')].TrimStart('/') : null;
        }
        return tags;
    }
}
