namespace Berth.Build.Dockerfile;

/// <summary>
/// The ARGs docker defines without an ARG line: the platform ones (in the global scope, for FROM;
/// a stage redeclares them to use them) and the proxy ones (usable in RUN, and kept out of the
/// history and the cache key).
/// </summary>
public static class PredefinedArgs
{
    static readonly HashSet<string> Proxies = new(StringComparer.Ordinal)
    {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    };

    public static bool IsProxy(string name) => Proxies.Contains(name);

    public static Dictionary<string, string> Platform(string architecture)
    {
        var platform = $"linux/{architecture}";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TARGETPLATFORM"] = platform, ["TARGETOS"] = "linux", ["TARGETARCH"] = architecture, ["TARGETVARIANT"] = "",
            ["BUILDPLATFORM"] = platform, ["BUILDOS"] = "linux", ["BUILDARCH"] = architecture, ["BUILDVARIANT"] = "",
        };
    }
}
