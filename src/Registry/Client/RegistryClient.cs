using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Sys.Errors;

namespace Berth.Registry.Client;

/// <summary>
/// HTTP to one registry, with docker's auth flow: a 401 carrying a Bearer challenge fetches a token
/// from its realm (with the stored credentials, for the challenged scope) and the request is sent
/// again; a Basic challenge is answered with the credentials. Tokens are reused per scope.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    readonly HttpClient _http;
    readonly RegistryHost _host;
    readonly (string User, string Password)? _credentials;
    readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _authorization = new();
    readonly SemaphoreSlim _resolve = new(1, 1);
    Uri? _base;

    public RegistryClient(RegistryHost host, (string User, string Password)? credentials)
    {
        _host = host;
        _credentials = credentials;
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 16,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        // docker's rule for insecure registries (loopback ones included): HTTPS without certificate
        // verification first, plain HTTP when the host does not speak TLS at all.
        if (host.AllowHttp) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("berth/1.0");
    }

    public RegistryHost Host => _host;

    /// <summary>The API base, https unless the host allows plain HTTP and does not speak TLS.</summary>
    public async Task<Uri> BaseAsync(CancellationToken cancel)
    {
        if (_base is { } known) return known;
        await _resolve.WaitAsync(cancel);
        try
        {
            if (_base is not null) return _base;
            var https = new Uri($"https://{_host.ApiHost}/");
            try
            {
                using var response = await _http.GetAsync(new Uri(https, "v2/"), cancel);
                return _base = https;
            }
            catch (HttpRequestException) when (_host.AllowHttp)
            {
                return _base = new Uri($"http://{_host.ApiHost}/");
            }
            catch (HttpRequestException e)
            {
                throw Unreachable(e);
            }
        }
        finally
        {
            _resolve.Release();
        }
    }

    BerthException Unreachable(HttpRequestException e) => BerthException.Internal(
        $"Get \"https://{_host.ApiHost}/v2/\": {Innermost(e)}" +
        (_host.AllowHttp ? "" : $" (if {_host.Domain} serves plain HTTP, pass --insecure-registry {_host.Domain})"));

    static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }

    /// <summary>Sends a request built by <paramref name="build"/> (called again for the retry) needing <paramref name="scope"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<Uri, HttpRequestMessage> build, string scope, CancellationToken cancel,
        HttpCompletionOption completion = HttpCompletionOption.ResponseHeadersRead)
    {
        var root = await BaseAsync(cancel);
        var response = await SendOnce(build, root, scope, completion, cancel);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.ToString());
        if (challenge is null) return response;
        response.Dispose();
        _authorization[scope] = await Authorize(challenge, scope, cancel);
        return await SendOnce(build, root, scope, completion, cancel);
    }

    async Task<HttpResponseMessage> SendOnce(Func<Uri, HttpRequestMessage> build, Uri root, string scope, HttpCompletionOption completion, CancellationToken cancel)
    {
        var request = build(root);
        if (_authorization.TryGetValue(scope, out var header)) request.Headers.Authorization = header;
        try
        {
            return await _http.SendAsync(request, completion, cancel);
        }
        catch (HttpRequestException e)
        {
            throw BerthException.Internal($"{request.Method} {request.RequestUri}: {Innermost(e)}");
        }
    }

    async Task<AuthenticationHeaderValue> Authorize(AuthChallenge challenge, string scope, CancellationToken cancel)
    {
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (_credentials is not { } c) throw BerthException.Invalid($"{_host.Domain}: authentication required: run `berth login {_host.Domain}`");
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.User}:{c.Password}")));
        }
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || challenge["realm"] is not { } realm)
            throw BerthException.Invalid($"{_host.Domain}: unsupported authentication challenge {challenge.Scheme}");
        var query = new StringBuilder();
        if (challenge["service"] is { } service) query.Append("service=").Append(Uri.EscapeDataString(service));
        var scopes = (challenge["scope"] ?? scope).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var s in scopes.Concat(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct())
            query.Append(query.Length > 0 ? "&" : "").Append("scope=").Append(Uri.EscapeDataString(s));
        var uri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (_credentials is { } creds)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{creds.User}:{creds.Password}")));
        using var response = await _http.SendAsync(request, cancel);
        var body = await response.Content.ReadAsByteArrayAsync(cancel);
        if (!response.IsSuccessStatusCode)
            throw new RegistryResponseException(response.StatusCode,
                $"Get \"{realm}\": {(response.StatusCode == HttpStatusCode.Unauthorized ? "unauthorized: incorrect username or password" : RegistryResponseException.Describe(response.StatusCode, body))}");
        using var json = JsonDocument.Parse(body);
        var token = json.RootElement.TryGetProperty("token", out var t) ? t.GetString()
            : json.RootElement.TryGetProperty("access_token", out var a) ? a.GetString() : null;
        if (string.IsNullOrEmpty(token)) throw BerthException.Internal($"the token server {realm} answered without a token");
        return new AuthenticationHeaderValue("Bearer", token);
    }

    public void Dispose()
    {
        _http.Dispose();
        _resolve.Dispose();
    }
}
