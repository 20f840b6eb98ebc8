using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Berth.Sys.Errors;

namespace Berth.Registry.Auth;

/// <summary>
/// Users from an htpasswd file, bcrypt entries only (as distribution accepts). bcrypt is slow by
/// design and clients send Basic credentials on every request, so a verified pair is remembered by
/// its SHA-256; a changed file needs a restart.
/// </summary>
public sealed class Htpasswd
{
    readonly Dictionary<string, string> _hashes;
    readonly ConcurrentDictionary<string, bool> _verified = new();

    public Htpasswd(Dictionary<string, string> hashes) => _hashes = hashes;

    public static Htpasswd Load(string path)
    {
        if (!File.Exists(path)) throw BerthException.NotFound($"htpasswd file {path} does not exist: create it with `htpasswd -Bbn USER PASSWORD > {path}`");
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var hash = line[(colon + 1)..];
            if (!hash.StartsWith("$2", StringComparison.Ordinal))
                throw BerthException.Invalid($"htpasswd {path}: user {line[..colon]} has a non-bcrypt hash: recreate it with `htpasswd -B`");
            hashes[line[..colon]] = hash;
        }
        return new Htpasswd(hashes);
    }

    public bool Verify(string user, string password)
    {
        if (!_hashes.TryGetValue(user, out var hash)) return false;
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{user}\0{password}\0{hash}")));
        if (_verified.ContainsKey(key)) return true;
        bool ok;
        try { ok = BCrypt.Net.BCrypt.Verify(password, hash); }
        catch (BCrypt.Net.SaltParseException) { ok = false; }
        if (ok) _verified[key] = true;
        return ok;
    }

    /// <summary>Decodes "Basic base64(user:password)"; null when the header is not Basic.</summary>
    public static (string User, string Password)? ParseBasic(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = text.IndexOf(':');
            return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException) { return null; }
    }
}
