using System.Runtime.InteropServices;
using System.Text.Json;
using Berth.Images.Content;
using Berth.Images.Ingest;
using Berth.Images.Layers;
using Berth.Images.Oci;
using Berth.Images.References;
using Berth.Images.Store;

namespace Berth.Images.Import;

/// <summary>`berth import`: a root filesystem tarball becomes a one-layer image.</summary>
public sealed class ImageImporter(ImageStore store)
{
    public Digest Import(Stream tarball, ImageReference? tag, IReadOnlyList<string> changes, string? message, string source)
    {
        using var ingest = ImageIngest.Begin(store);
        var (layer, mediaType, blobSize) = StoreBlob(ingest, tarball);
        // The DiffID of a tarball is known only once it is read: unpack first, then describe the image.
        var (diffId, _) = store.Layers.UnpackNew(() => store.Content.OpenRead(layer));
        var now = DateTimeOffset.UtcNow;
        var config = new ImageConfig
        {
            Created = now,
            Architecture = CurrentArchitecture,
            Os = "linux",
            Config = ConfigChanges.Apply(new RunConfig(), changes),
            RootFs = new RootFs { DiffIds = [diffId.Value] },
            History = [new HistoryEntry { Created = now, Comment = message ?? $"Imported from {source}" }],
            Comment = message,
        };
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, ImagesJson.Default.ImageConfig);
        var configDigest = ingest.WriteBlob(configBytes);
        var manifest = new Manifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest.Value, Size = configBytes.Length },
            Layers = [new Descriptor { MediaType = mediaType, Digest = layer.Value, Size = blobSize }],
        };
        var manifestDigest = ingest.WriteBlob(JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJson.Default.Manifest));
        return ingest.Register(manifestDigest, new IngestOptions { Tags = tag is null ? [] : [tag] }).Id;
    }

    static (Digest Digest, string MediaType, long Size) StoreBlob(ImageIngest ingest, Stream tarball)
    {
        using var writer = ingest.OpenBlob();
        var head = new byte[4];
        var headLength = tarball.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        writer.Write(head.AsSpan(0, headLength));
        tarball.CopyTo(writer, 1 << 20);
        var size = writer.Written;
        var digest = writer.Commit();
        return (digest, LayerMediaType(head.AsSpan(0, headLength)), size);
    }

    static string LayerMediaType(ReadOnlySpan<byte> head) => head switch
    {
        [0x1f, 0x8b, ..] => MediaTypes.OciLayerGzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => MediaTypes.OciLayerZstd,
        _ => MediaTypes.OciLayer,
    };

    public static string CurrentArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        _ => RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
    };
}
