using System.Security.Cryptography;
using Berth.Build.Dockerfile;

namespace Berth.Build.Steps;

/// <summary>ADD URL: the download, bounded in size and time, checked against --checksum when given.</summary>
public static class RemoteFile
{
    const long MaxBytes = 1L << 30;

    public static byte[] Download(InstructionNode node, string url, string? checksum)
    {
        byte[] bytes;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30), MaxResponseContentBufferSize = MaxBytes };
            using var response = http.GetAsync(url).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
                throw StepFailure.At(node, $"ADD {url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}", "check the URL");
            bytes = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            throw StepFailure.At(node, $"ADD {url}: cannot download: {e.Message}", "check the URL and the network, or download the file into the context and COPY it");
        }
        if (checksum is not null)
        {
            var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!string.Equals(actual, checksum, StringComparison.OrdinalIgnoreCase))
                throw StepFailure.At(node, $"ADD {url}: digest mismatch: --checksum={checksum}, got {actual}", "update --checksum, or check the source");
        }
        return bytes;
    }
}
