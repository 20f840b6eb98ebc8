using Berth.Images.Content;
using Berth.Sys.Files;

namespace Berth.Registry.Server;

/// <summary>
/// What each repository holds, as small link files under repositories/NAME/: which blobs it may
/// serve (_layers), its manifests and their media types (_manifests/revisions), its tags
/// (_manifests/tags/TAG holds a digest) and the referrers of each subject (_referrers/SUBJECT/DIGEST).
/// Names reach here only after <see cref="RepositoryNames"/> accepted them.
/// </summary>
public sealed class RepositoryStorage(string root)
{
    readonly string _repositories = Path.Combine(root, "repositories");

    string Dir(string name) => Path.Combine(_repositories, name);
    string LayerLink(string name, Digest d) => Path.Combine(Dir(name), "_layers", d.Hex);
    string Revision(string name, Digest d) => Path.Combine(Dir(name), "_manifests", "revisions", d.Hex);
    string TagsDir(string name) => Path.Combine(Dir(name), "_manifests", "tags");
    string ReferrersDir(string name, Digest subject) => Path.Combine(Dir(name), "_referrers", subject.Hex);

    public bool Exists(string name) => Directory.Exists(Path.Combine(Dir(name), "_manifests")) || Directory.Exists(Path.Combine(Dir(name), "_layers"));

    public bool HasLayer(string name, Digest d) => File.Exists(LayerLink(name, d));
    public void LinkLayer(string name, Digest d) => WriteLink(LayerLink(name, d), "");
    public bool UnlinkLayer(string name, Digest d) => Remove(LayerLink(name, d));

    /// <summary>The media type a manifest was pushed with, or null when the repository has no such manifest.</summary>
    public string? ManifestMediaType(string name, Digest d) => TryRead(Revision(name, d));
    public void LinkManifest(string name, Digest d, string mediaType) => WriteLink(Revision(name, d), mediaType);

    public bool UnlinkManifest(string name, Digest d)
    {
        if (!Remove(Revision(name, d))) return false;
        foreach (var tag in Tags(name))
            if (ResolveTag(name, tag) == d) Remove(Path.Combine(TagsDir(name), tag));
        return true;
    }

    public Digest? ResolveTag(string name, string tag) =>
        Digest.TryParse(TryRead(Path.Combine(TagsDir(name), tag)), out var d) ? d : null;

    public void Tag(string name, string tag, Digest d) => WriteLink(Path.Combine(TagsDir(name), tag), d.Value);
    public bool Untag(string name, string tag) => Remove(Path.Combine(TagsDir(name), tag));

    public IReadOnlyList<string> Tags(string name)
    {
        var dir = TagsDir(name);
        if (!Directory.Exists(dir)) return [];
        return Directory.EnumerateFiles(dir).Select(Path.GetFileName).Where(t => !t!.StartsWith('.')).Order(StringComparer.Ordinal).ToList()!;
    }

    public void AddReferrer(string name, Digest subject, Digest referrer) => WriteLink(Path.Combine(ReferrersDir(name, subject), referrer.Hex), "");

    public IEnumerable<Digest> Referrers(string name, Digest subject)
    {
        var dir = ReferrersDir(name, subject);
        if (!Directory.Exists(dir)) yield break;
        foreach (var file in Directory.EnumerateFiles(dir))
            if (Digest.TryParse(Digest.Sha256Prefix + Path.GetFileName(file), out var d) && ManifestMediaType(name, d) is not null) yield return d;
    }

    public IEnumerable<Digest> Manifests(string name)
    {
        var dir = Path.Combine(Dir(name), "_manifests", "revisions");
        if (!Directory.Exists(dir)) yield break;
        foreach (var file in Directory.EnumerateFiles(dir))
            if (Digest.TryParse(Digest.Sha256Prefix + Path.GetFileName(file), out var d)) yield return d;
    }

    public IEnumerable<Digest> Layers(string name)
    {
        var dir = Path.Combine(Dir(name), "_layers");
        if (!Directory.Exists(dir)) yield break;
        foreach (var file in Directory.EnumerateFiles(dir))
            if (Digest.TryParse(Digest.Sha256Prefix + Path.GetFileName(file), out var d)) yield return d;
    }

    /// <summary>Every repository, sorted: a directory is one when it has _manifests or _layers.</summary>
    public IReadOnlyList<string> Catalog()
    {
        var names = new List<string>();
        if (Directory.Exists(_repositories)) Walk(_repositories, "", names);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    static void Walk(string dir, string prefix, List<string> names)
    {
        foreach (var child in Directory.EnumerateDirectories(dir))
        {
            var leaf = Path.GetFileName(child);
            if (leaf.StartsWith('_')) continue;
            var name = prefix + leaf;
            if (Directory.Exists(Path.Combine(child, "_manifests")) || Directory.Exists(Path.Combine(child, "_layers"))) names.Add(name);
            Walk(child, name + "/", names);
        }
    }

    static void WriteLink(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteText(path, content, durable: true);
    }

    static bool Remove(string path)
    {
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }
}
