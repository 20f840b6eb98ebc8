using System.Net;

namespace Berth.Registry.Client;

/// <summary>`berth login`'s check: GET /v2/ with the credentials, through the registry's auth challenge.</summary>
public static class LoginCheck
{
    public static async Task Verify(RegistryClient client, CancellationToken cancel)
    {
        using var response = await client.SendAsync(root => new HttpRequestMessage(HttpMethod.Get, new Uri(root, "v2/")), "", cancel);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new RegistryResponseException(response.StatusCode, $"login to {client.Host.Domain} failed: unauthorized: incorrect username or password");
        if (!response.IsSuccessStatusCode) throw await RegistryResponseException.From(response, $"login to {client.Host.Domain}", cancel);
    }
}
