using Berth.Images.Content;
using Berth.Images.Oci;

namespace Berth.Images.Store;

/// <summary>A resolved local image: its ID, index entry, manifest, config and tags.</summary>
public sealed record Image(Digest Id, ImageEntry Entry, Manifest Manifest, ImageConfig Config, IReadOnlyList<string> Tags)
{
    public IReadOnlyList<Digest> DiffIds => Config.RootFs.DiffIds.Select(Digest.Parse).ToList();
}
