using System.Runtime.InteropServices;
using System.Text.Json;
using Berth.Images.Content;
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
        using var lease = store.Leases.Acquire();
        var (layer, mediaType, blobSize) = StoreBlob(tarball);
        var (diffId, size) = store.Layers.UnpackNew(() => store.Content.OpenRead(layer));
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
        var configDigest = store.Content.Write(configBytes);
        var manifest = new Manifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest.Value, Size = configBytes.Length },
            Layers = [new Descriptor { MediaType = mediaType, Digest = layer.Value, Size = blobSize }],
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJson.Default.Manifest);
        var manifestDigest = store.Content.Write(manifestBytes);
        store.Update(index =>
        {
            index.Images[configDigest.Value] = new ImageEntry
            {
                Manifest = manifestDigest.Value,
                ManifestMediaType = MediaTypes.OciManifest,
                Size = size,
                Created = now,
                LastTagTime = tag is null ? null : now,
            };
            if (tag is not null) index.Tags[tag.ToString()] = configDigest.Value;
            return 0;
        });
        return configDigest;
    }

    (Digest Digest, string MediaType, long Size) StoreBlob(Stream tarball)
    {
        using var writer = store.Content.BeginWrite();
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
