using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Auth;

/// <summary>
/// Decides whether a request may do what it needs: open (no users), Basic against htpasswd, or
/// bearer tokens from the built-in issuer. Anonymous pull, when enabled, lets pulls through without credentials.
/// </summary>
public sealed class AccessGate(Htpasswd? users, TokenSigner? tokens, bool anonymousPull)
{
    public bool IsOpen => users is null && tokens is null;

    /// <summary>Null when allowed; otherwise the WWW-Authenticate challenge and the reason.</summary>
    public (string Challenge, string Reason)? Check(HttpContext http, IReadOnlyList<AccessScope> needs)
    {
        if (IsOpen) return null;
        if (anonymousPull && needs.All(n => n.Actions.All(a => a == "pull"))) return null;
        var header = http.Request.Headers.Authorization.ToString();
        if (tokens is null)
        {
            var credentials = Htpasswd.ParseBasic(header);
            if (credentials is { } c && users!.Verify(c.User, c.Password)) return null;
            return ("Basic realm=\"berth-registry\"", credentials is null ? "authentication required" : "incorrect username or password");
        }
        var challenge = BearerChallenge(http, needs);
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return (challenge, "authentication required");
        var grants = tokens.Verify(header[7..].Trim(), DateTimeOffset.UtcNow);
        if (grants is null) return (challenge + ",error=\"invalid_token\"", "invalid or expired token");
        var missing = needs.FirstOrDefault(n => !n.IsCoveredBy(grants));
        return missing is null ? null : (challenge + ",error=\"insufficient_scope\"", $"insufficient scope: the token does not grant {missing}");
    }

    string BearerChallenge(HttpContext http, IReadOnlyList<AccessScope> needs)
    {
        var realm = $"{http.Request.Scheme}://{http.Request.Host}/token";
        var text = $"Bearer realm=\"{realm}\",service=\"{tokens!.Service}\"";
        return needs.Count == 0 ? text : text + $",scope=\"{string.Join(' ', needs)}\"";
    }
}
