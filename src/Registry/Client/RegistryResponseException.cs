using System.Net;
using System.Text.Json;
using Berth.Sys.Errors;

namespace Berth.Registry.Client;

/// <summary>A registry said no: the status, and the spec error body's code and message when there is one.</summary>
public sealed class RegistryResponseException(HttpStatusCode status, string message)
    : BerthException(status == HttpStatusCode.NotFound ? ErrorKind.NotFound : ErrorKind.Internal, message)
{
    public HttpStatusCode Status => status;

    public static async Task<RegistryResponseException> From(HttpResponseMessage response, string what, CancellationToken cancel)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancel);
        return new RegistryResponseException(response.StatusCode, $"{what}: {Describe(response.StatusCode, body)}");
    }

    /// <summary>"unauthorized: authentication required", as docker prints spec errors: code lowercased, then message.</summary>
    public static string Describe(HttpStatusCode status, byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                var code = first.TryGetProperty("code", out var c) ? c.GetString()?.ToLowerInvariant() : null;
                var message = first.TryGetProperty("message", out var m) ? m.GetString() : null;
                return code is null ? message ?? $"HTTP {(int)status}" : $"{code}: {message}";
            }
        }
        catch (JsonException) { }
        return $"HTTP {(int)status} {status}";
    }
}
