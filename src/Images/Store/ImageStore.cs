using System.Text.Json;
using Berth.Images.Content;
using Berth.Images.Oci;
using Berth.Images.References;
using Berth.Images.Snapshots;
using Berth.Sys.Errors;
using Berth.Sys.Files;

namespace Berth.Images.Store;

/// <summary>
/// Local images: the content store, unpacked layers, and one index file of images and tags.
/// Readers take the index without a lock (it is replaced by rename); writers serialize on a lock.
/// </summary>
public sealed class ImageStore
{
    readonly string _indexPath;
    readonly string _lockPath;

    public ImageStore(string root)
    {
        Root = root;
        var images = Path.Combine(root, "images");
        Directory.CreateDirectory(images);
        _indexPath = Path.Combine(images, "index.json");
        _lockPath = Path.Combine(images, "index.lock");
        Content = new ContentStore(Path.Combine(root, "content"));
        Layers = new LayerStore(root);
        Leases = new StoreLeases(Path.Combine(images, "gc.lock"));
    }

    public string Root { get; }
    public ContentStore Content { get; }
    public LayerStore Layers { get; }
    /// <summary>Held shared by anything writing unreferenced content; exclusive by garbage collection.</summary>
    public StoreLeases Leases { get; }

    public ImageIndexFile LoadIndex()
    {
        try
        {
            return ImagesJson.Parse(File.ReadAllBytes(_indexPath), ImagesJson.Default.ImageIndexFile, _indexPath);
        }
        catch (FileNotFoundException)
        {
            return new ImageIndexFile();
        }
    }

    /// <summary>Read-modify-write of the index under its lock; the change is durable when this returns.</summary>
    public T Update<T>(Func<ImageIndexFile, T> change)
    {
        using var _ = FileLock.Acquire(_lockPath);
        var index = LoadIndex();
        var result = change(index);
        AtomicFile.Write(_indexPath, JsonSerializer.SerializeToUtf8Bytes(index, ImagesJson.Default.ImageIndexFile), durable: true);
        return result;
    }

    /// <summary>Finds an image by reference, full or short ID, or repo digest; null when there is none.</summary>
    public Digest? FindId(string nameOrId) => FindId(LoadIndex(), nameOrId);

    public static Digest? FindId(ImageIndexFile index, string nameOrId)
    {
        var id = nameOrId.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) ? nameOrId : Digest.Sha256Prefix + nameOrId;
        if (Digest.TryParse(id, out var full) && index.Images.ContainsKey(full.Value)) return full;
        if (ImageReference.TryParse(nameOrId, out var reference, out _))
        {
            if (reference!.Digest is { } pinned)
            {
                var wanted = $"{reference.Repository}@{pinned}";
                foreach (var (imageId, entry) in index.Images)
                    if (entry.RepoDigests.Contains(wanted) || entry.Manifest == pinned.Value) return Digest.Parse(imageId);
            }
            else if (index.Tags.TryGetValue(reference.ToString(), out var tagged)) return Digest.Parse(tagged);
        }
        return FindByPrefix(index, nameOrId);
    }

    static Digest? FindByPrefix(ImageIndexFile index, string prefix)
    {
        var hex = prefix.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) ? prefix[7..] : prefix;
        if (hex.Length == 0 || !hex.All(char.IsAsciiHexDigitLower)) return null;
        var matches = index.Images.Keys.Where(k => k.AsSpan(7).StartsWith(hex)).Take(2).ToList();
        return matches.Count == 1 ? Digest.Parse(matches[0]) : null;
    }

    public Image Get(string nameOrId) =>
        TryGet(nameOrId) ?? throw BerthException.NotFound($"No such image: {nameOrId}");

    public Image? TryGet(string nameOrId)
    {
        var index = LoadIndex();
        return FindId(index, nameOrId) is { } id ? Load(index, id) : null;
    }

    /// <summary>An image's config and entry, without its manifest: all that creating a container needs.</summary>
    public Image? TryGetForRun(string nameOrId)
    {
        var index = LoadIndex();
        if (FindId(index, nameOrId) is not { } id) return null;
        var config = ImagesJson.Parse(Content.ReadTrusted(id), ImagesJson.Default.ImageConfig, $"config of {id.Short}");
        return new Image(id, index.Images[id.Value], new Manifest(), config, []);
    }

    public Image Load(ImageIndexFile index, Digest id)
    {
        var entry = index.Images[id.Value];
        // Verified when written; re-hashing here would load OpenSSL on every `run` (5 ms).
        var manifest = ImagesJson.Parse(Content.ReadTrusted(Digest.Parse(entry.Manifest)), ImagesJson.Default.Manifest, $"manifest of {id.Short}");
        var config = ImagesJson.Parse(Content.ReadTrusted(id), ImagesJson.Default.ImageConfig, $"config of {id.Short}");
        var tags = index.Tags.Where(t => t.Value == id.Value).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
        return new Image(id, entry, manifest, config, tags);
    }

    public void Tag(Digest id, ImageReference reference) => Update(index =>
    {
        if (!index.Images.TryGetValue(id.Value, out var entry)) throw BerthException.NotFound($"No such image: {id}");
        index.Tags[reference.ToString()] = id.Value;
        index.Images[id.Value] = entry with { LastTagTime = DateTimeOffset.UtcNow };
        return true;
    });
}
