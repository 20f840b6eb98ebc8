namespace Berth.Registry.Server;

/// <summary>`berth registry serve` flags.</summary>
public sealed record RegistryOptions
{
    public string Address { get; init; } = "127.0.0.1:5000";
    public string Root { get; init; } = "/var/lib/berth-registry";
    public string? Htpasswd { get; init; }
    public string? TlsCert { get; init; }
    public string? TlsKey { get; init; }
    /// <summary>When set, clients authenticate with bearer tokens that this registry issues under this name.</summary>
    public string? TokenIssuer { get; init; }
    public bool ReadOnly { get; init; }
    public bool AnonymousPull { get; init; }
    public long MaxManifestBytes { get; init; } = 4 << 20;
}
