using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Sys.Files;

namespace Berth.Registry.Auth;

/// <summary>
/// Issues and checks the registry's bearer tokens: JWTs signed with HMAC-SHA256 under a key kept in
/// the registry root (mode 0600). The issuer is also the verifier, so a shared secret suffices.
/// </summary>
public sealed class TokenSigner(byte[] key, string issuer, string service)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public string Issuer => issuer;
    public string Service => service;

    public static TokenSigner LoadOrCreate(string root, string issuer, string service)
    {
        var path = Path.Combine(root, "token.key");
        if (!File.Exists(path)) AtomicFile.Write(path, RandomNumberGenerator.GetBytes(32), durable: true, mode: 0x180 /*0600*/);
        return new TokenSigner(File.ReadAllBytes(path), issuer, service);
    }

    public string Issue(string subject, IReadOnlyList<AccessScope> access, DateTimeOffset now)
    {
        var header = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);
        using var claims = new MemoryStream();
        using (var json = new Utf8JsonWriter(claims))
        {
            json.WriteStartObject();
            json.WriteString("iss", issuer);
            json.WriteString("sub", subject);
            json.WriteString("aud", service);
            json.WriteNumber("iat", now.ToUnixTimeSeconds());
            json.WriteNumber("nbf", now.ToUnixTimeSeconds() - 10);
            json.WriteNumber("exp", (now + Lifetime).ToUnixTimeSeconds());
            json.WriteString("jti", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
            json.WriteStartArray("access");
            foreach (var scope in access)
            {
                json.WriteStartObject();
                json.WriteString("type", scope.Type);
                json.WriteString("name", scope.Name);
                json.WriteStartArray("actions");
                foreach (var action in scope.Actions) json.WriteStringValue(action);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        var signed = header + "." + Base64Url(claims.ToArray());
        return signed + "." + Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>The grants of a valid, unexpired token for this service; null for anything else.</summary>
    public IReadOnlyList<AccessScope>? Verify(string token, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (FromBase64Url(parts[2]) is not { } signature || !CryptographicOperations.FixedTimeEquals(signature, expected)) return null;
        if (FromBase64Url(parts[1]) is not { } payload) return null;
        try
        {
            using var claims = JsonDocument.Parse(payload);
            var root = claims.RootElement;
            var seconds = now.ToUnixTimeSeconds();
            if (root.GetProperty("exp").GetInt64() < seconds || root.GetProperty("nbf").GetInt64() > seconds) return null;
            if (root.GetProperty("iss").GetString() != issuer || root.GetProperty("aud").GetString() != service) return null;
            return root.GetProperty("access").EnumerateArray().Select(a => new AccessScope(
                a.GetProperty("type").GetString() ?? "", a.GetProperty("name").GetString() ?? "",
                a.GetProperty("actions").EnumerateArray().Select(x => x.GetString() ?? "").ToList())).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    static string Base64Url(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static byte[]? FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        try { return Convert.FromBase64String(padded); }
        catch (FormatException) { return null; }
    }
}
