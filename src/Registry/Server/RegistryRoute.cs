namespace Berth.Registry.Server;

public enum RouteKind { Base, Catalog, Blob, UploadStart, Upload, Manifest, TagsList, Referrers, Token }

/// <summary>A request path decoded into what it addresses: /v2/NAME/blobs/DIGEST and friends.</summary>
public sealed record RegistryRoute(RouteKind Kind, string Name = "", string Reference = "")
{
    /// <summary>Parses a path; null when it is not a registry path, a NAME_INVALID error when the name is bad.</summary>
    public static RegistryRoute? Parse(string path)
    {
        if (path == "/token") return new(RouteKind.Token);
        if (path is "/v2" or "/v2/") return new(RouteKind.Base);
        if (!path.StartsWith("/v2/", StringComparison.Ordinal)) return null;
        var rest = path[4..];
        if (rest is "_catalog") return new(RouteKind.Catalog);
        if (rest.EndsWith("/tags/list", StringComparison.Ordinal)) return Named(RouteKind.TagsList, rest[..^10], "");
        if (rest.EndsWith("/blobs/uploads/", StringComparison.Ordinal) || rest.EndsWith("/blobs/uploads", StringComparison.Ordinal))
            return Named(RouteKind.UploadStart, rest[..rest.LastIndexOf("/blobs/uploads", StringComparison.Ordinal)], "");
        foreach (var (marker, kind) in Markers)
        {
            var at = rest.LastIndexOf(marker, StringComparison.Ordinal);
            if (at > 0) return Named(kind, rest[..at], rest[(at + marker.Length)..]);
        }
        return null;
    }

    static readonly (string Marker, RouteKind Kind)[] Markers =
    [
        ("/blobs/uploads/", RouteKind.Upload), ("/blobs/", RouteKind.Blob),
        ("/manifests/", RouteKind.Manifest), ("/referrers/", RouteKind.Referrers),
    ];

    static RegistryRoute Named(RouteKind kind, string name, string reference)
    {
        if (!RepositoryNames.IsValidName(name)) throw RegistryError.NameInvalid(name);
        return new(kind, name, reference);
    }
}
