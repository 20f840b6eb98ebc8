using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Auth;

/// <summary>
/// GET /token?service=S&amp;scope=repository:NAME:pull,push: the docker token flow. Users in htpasswd get
/// the repository actions they ask for; anonymous callers get pull only, and only with anonymous pull on.
/// </summary>
public sealed class TokenEndpoint(TokenSigner signer, Htpasswd? users, bool anonymousPull)
{
    static readonly string[] Actions = ["pull", "push", "delete", "*"];

    public async Task Handle(HttpContext http)
    {
        var credentials = Htpasswd.ParseBasic(http.Request.Headers.Authorization.ToString());
        string subject;
        if (credentials is { } c)
        {
            if (users is not null && !users.Verify(c.User, c.Password)) { await Deny(http, "incorrect username or password"); return; }
            subject = c.User;
        }
        else if (users is null || anonymousPull) subject = "";
        else { await Deny(http, "authentication required"); return; }
        var granted = new List<AccessScope>();
        foreach (var text in http.Request.Query["scope"].SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (AccessScope.TryParse(text) is not { } scope) continue;
            var allowed = scope.Actions.Where(a => Actions.Contains(a) && (subject.Length > 0 || users is null || a == "pull")).ToList();
            if (scope.Type == "registry" && scope.Name == "catalog" && subject.Length > 0) allowed = ["*"];
            if (allowed.Count > 0) granted.Add(scope with { Actions = allowed });
        }
        var now = DateTimeOffset.UtcNow;
        var token = signer.Issue(subject, granted, now);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("token", token);
            json.WriteString("access_token", token);
            json.WriteNumber("expires_in", (int)TokenSigner.Lifetime.TotalSeconds);
            json.WriteString("issued_at", now.ToString("yyyy-MM-ddTHH:mm:ssZ"));
            json.WriteEndObject();
        }
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(buffer.ToArray());
    }

    static Task Deny(HttpContext http, string reason)
    {
        var error = new Server.RegistryError(401, "UNAUTHORIZED", reason);
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"berth-registry\"";
        return Server.Responses.Error(http, error);
    }
}
