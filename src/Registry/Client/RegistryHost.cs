using System.Net;

namespace Berth.Registry.Client;

/// <summary>
/// Where a reference's domain is served: docker.io is registry-1.docker.io, the rest as named.
/// Plain HTTP is allowed, as docker allows it, for loopback hosts and for hosts named insecure.
/// </summary>
public sealed record RegistryHost(string Domain, string ApiHost, bool AllowHttp)
{
    public const string DockerHubIndex = "https://index.docker.io/v1/";

    public static RegistryHost For(string domain, IReadOnlyCollection<string> insecure)
    {
        var api = domain is "docker.io" or "index.docker.io" ? "registry-1.docker.io" : domain;
        return new RegistryHost(domain, api, IsLoopback(domain) || insecure.Contains(domain));
    }

    /// <summary>The key docker uses for this registry in config.json "auths".</summary>
    public string ConfigKey => Domain is "docker.io" or "index.docker.io" ? DockerHubIndex : Domain;

    public static bool IsLoopback(string domain)
    {
        var host = domain;
        if (host.StartsWith('['))
            host = host[1..host.IndexOf(']')];
        else if (host.LastIndexOf(':') is var colon and > 0 && host.IndexOf(':') == colon)
            host = host[..colon];
        if (host is "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
