using System.Text.Json;
using Berth.Images.Content;
using Berth.Images.Oci;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Sys.Errors;

namespace Berth.Images.Archive;

/// <summary>
/// `save`: images as a tar that docker load (any version) or OCI tools read. The output depends
/// only on the images: saving the same images twice gives the same bytes.
/// </summary>
public sealed class ImageSaver(ImageStore store)
{
    public void Save(IReadOnlyList<string> names, Stream output, ArchiveFormat format)
    {
        using var lease = store.Leases.Acquire();
        var images = Resolve(names);
        using var tar = new DeterministicTar(output);
        tar.AddDirectory("blobs");
        tar.AddDirectory("blobs/sha256");
        var index = new List<Descriptor>();
        var dockerManifest = new List<(string Config, List<string> Tags, List<string> Layers)>();
        foreach (var (image, tags) in images)
        {
            var manifest = ManifestFor(image, format, out var manifestBytes);
            AddBlob(tar, Digest.Of(manifestBytes), manifestBytes);
            AddBlob(tar, image.Id, null);
            foreach (var layer in manifest.Layers) AddBlob(tar, Digest.Parse(layer.Digest), null);
            var descriptor = new Descriptor { MediaType = manifest.MediaType ?? MediaTypes.OciManifest, Digest = Digest.Of(manifestBytes).Value, Size = manifestBytes.Length };
            if (tags.Count == 0) index.Add(descriptor);
            foreach (var tag in tags)
                index.Add(descriptor with { Annotations = new() { ["io.containerd.image.name"] = tag.ToString(), ["org.opencontainers.image.ref.name"] = tag.Tag ?? "latest" } });
            dockerManifest.Add(($"blobs/sha256/{image.Id.Hex}", tags.Select(t => t.Familiar).ToList(), manifest.Layers.Select(l => "blobs/sha256/" + Digest.Parse(l.Digest).Hex).ToList()));
        }
        var indexFile = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = index };
        tar.AddFile("index.json", JsonSerializer.SerializeToUtf8Bytes(indexFile, ImagesJson.Default.ImageIndex));
        tar.AddFile("oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray());
        if (format == ArchiveFormat.Docker) tar.AddFile("manifest.json", DockerManifestJson(dockerManifest));
        tar.Finish();
    }

    /// <summary>Each image once, with every tag it was asked for by, in the order first named.</summary>
    List<(Image Image, List<ImageReference> Tags)> Resolve(IReadOnlyList<string> names)
    {
        var index = store.LoadIndex();
        var result = new List<(Image, List<ImageReference>)>();
        foreach (var name in names)
        {
            var id = ImageStore.FindId(index, name) ?? throw BerthException.NotFound($"No such image: {name}");
            var tag = ImageReference.TryParse(name, out var reference, out _) && reference!.Digest is null && index.Tags.ContainsKey(reference.ToString()) ? reference : null;
            var existing = result.FindIndex(r => r.Item1.Id == id);
            if (existing < 0)
            {
                result.Add((store.Load(index, id), []));
                existing = result.Count - 1;
            }
            if (tag is not null && !result[existing].Item2.Contains(tag)) result[existing].Item2.Add(tag);
        }
        return result;
    }

    /// <summary>The stored manifest; for OCI output, one with OCI media types when it was docker's.</summary>
    Manifest ManifestFor(Image image, ArchiveFormat format, out byte[] bytes)
    {
        var stored = Digest.Parse(image.Entry.Manifest);
        bytes = store.Content.ReadVerified(stored);
        var manifest = image.Manifest;
        if (format == ArchiveFormat.Docker || (manifest.MediaType ?? MediaTypes.OciManifest) == MediaTypes.OciManifest) return manifest;
        manifest = manifest with
        {
            MediaType = MediaTypes.OciManifest,
            Config = manifest.Config with { MediaType = MediaTypes.ToOci(manifest.Config.MediaType) },
            Layers = manifest.Layers.Select(l => l with { MediaType = MediaTypes.ToOci(l.MediaType) }).ToList(),
        };
        bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJson.Default.Manifest);
        return manifest;
    }

    void AddBlob(DeterministicTar tar, Digest digest, byte[]? content)
    {
        var name = "blobs/sha256/" + digest.Hex;
        if (tar.Has(name)) return;
        if (content is not null)
        {
            tar.AddFile(name, content);
            return;
        }
        if (!store.Content.Exists(digest)) throw BerthException.NotFound($"blob {digest} is missing from the content store: pull or load the image again");
        tar.AddFile(name, () => store.Content.OpenRead(digest));
    }

    static byte[] DockerManifestJson(List<(string Config, List<string> Tags, List<string> Layers)> images)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var (config, tags, layers) in images)
            {
                json.WriteStartObject();
                json.WriteString("Config", config);
                json.WriteStartArray("RepoTags");
                foreach (var tag in tags) json.WriteStringValue(tag);
                json.WriteEndArray();
                json.WriteStartArray("Layers");
                foreach (var layer in layers) json.WriteStringValue(layer);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return buffer.ToArray();
    }
}
