namespace Berth.Registry.Server;

/// <summary>The server's storage and options, shared by every endpoint.</summary>
public sealed class RegistryContext(RegistryOptions options)
{
    public RegistryOptions Options => options;
    public BlobStorage Blobs { get; } = new(options.Root);
    public RepositoryStorage Repositories { get; } = new(options.Root);
}
