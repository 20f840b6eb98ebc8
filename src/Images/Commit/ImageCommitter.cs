using System.Text.Json;
using Berth.Images.Content;
using Berth.Images.Import;
using Berth.Images.Ingest;
using Berth.Images.Layers;
using Berth.Images.Oci;
using Berth.Images.Store;
using Berth.Sys.Errors;

namespace Berth.Images.Commit;

/// <summary>
/// `commit` and every build step: a directory of changes becomes one uncompressed layer (its blob
/// digest is its DiffID, as docker stores layers) on top of a parent image, with a new config and
/// history entry. All of it goes through <see cref="ImageIngest"/>, so a failure or crash midway
/// leaves nothing visible.
/// </summary>
public sealed class ImageCommitter(ImageStore store)
{
    /// <summary>sha256 of an empty tar (two zero blocks): docker marks such a step empty_layer and adds no layer.</summary>
    public static readonly Digest EmptyLayerDiffId = Digest.Parse("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");

    public CommitResult Commit(CommitRequest request)
    {
        using var ingest = ImageIngest.Begin(store);
        var parent = request.Parent is { } parentId ? store.Load(store.LoadIndex(), parentId) : null;
        if (request.Parent is { } id && parent is null) throw BerthException.NotFound($"No such image: {id}");
        var layers = parent?.Manifest.Layers.Select(ToOci).ToList() ?? [];
        var diffIds = parent?.Config.RootFs.DiffIds.ToList() ?? [];
        var (layer, write) = request.ChangesDirectory is { } directory ? WriteLayer(ingest, directory, request) : (null, null);
        var empty = write is null || write.DiffId == EmptyLayerDiffId;
        if (!empty)
        {
            layers.Add(new Descriptor { MediaType = MediaTypes.OciLayer, Digest = layer!.Value.Value, Size = write!.Size });
            diffIds.Add(write.DiffId.Value);
        }
        var created = request.SourceDateEpoch ?? DateTimeOffset.UtcNow;
        var config = NewConfig(parent?.Config, request, created, diffIds, empty);
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, ImagesJson.Default.ImageConfig);
        var configDigest = ingest.WriteBlob(configBytes);
        var manifest = new Manifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest.Value, Size = configBytes.Length },
            Layers = layers,
        };
        var manifestDigest = ingest.WriteBlob(JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJson.Default.Manifest));
        var image = ingest.Register(manifestDigest, new IngestOptions { Tags = request.Tag is null ? [] : [request.Tag] });
        return new CommitResult(image.Id, manifestDigest, empty ? null : write!.DiffId, empty ? 0 : write!.Size);
    }

    static (Digest? Blob, LayerWriteResult? Write) WriteLayer(ImageIngest ingest, string directory, CommitRequest request)
    {
        using var blob = ingest.OpenBlob();
        var options = new LayerWriteOptions
        {
            FromOverlayUpper = request.FromOverlayUpper,
            ClampMtime = request.SourceDateEpoch,
            Include = request.Include,
        };
        var result = LayerWriter.Write(directory, blob, options);
        // Uncompressed: the blob digest and the DiffID are one hash, so the check is the commit itself.
        var digest = blob.Commit(result.DiffId, result.Size);
        return (digest, result);
    }

    static ImageConfig NewConfig(ImageConfig? parent, CommitRequest request, DateTimeOffset created, List<string> diffIds, bool empty)
    {
        var history = parent?.History?.ToList() ?? [];
        history.Add(new HistoryEntry
        {
            Created = created,
            CreatedBy = request.CreatedBy,
            Author = request.Author,
            Comment = request.Comment,
            EmptyLayer = empty ? true : null,
        });
        return new ImageConfig
        {
            Created = created,
            Author = request.Author,
            Architecture = parent?.Architecture ?? ImageImporter.CurrentArchitecture,
            Os = parent?.Os ?? "linux",
            Variant = parent?.Variant,
            Config = request.Config ?? parent?.Config,
            RootFs = new RootFs { DiffIds = diffIds },
            History = history,
            Comment = request.Comment,
        };
    }

    /// <summary>The new manifest is OCI; docker media types of inherited layers get their OCI names.</summary>
    static Descriptor ToOci(Descriptor layer) => layer with { MediaType = MediaTypes.ToOci(layer.MediaType) };
}
