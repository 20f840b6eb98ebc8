using System.Formats.Tar;
using System.Text.RegularExpressions;
using Berth.Images.Content;
using Berth.Images.Ingest;
using Berth.Images.Layers.Unpack;
using Berth.Sys.Errors;

namespace Berth.Images.Archive;

/// <summary>One regular file of an image archive: small ones in memory, big ones already in the content store.</summary>
sealed record SpooledFile(string Path, long Size, byte[]? Bytes, Digest? Blob);

/// <summary>
/// Reads an image archive (a tar, plain, gzip or zstd) once, front to back: docker and OCI tools
/// order entries differently, so nothing is interpreted until all of it is read. Files under
/// blobs/sha256/ must hash to their name. Archive paths are only keys here, never written to disk,
/// so a hostile name cannot escape anywhere.
/// </summary>
sealed partial class ArchiveSpool
{
    /// <summary>Files up to this size stay in memory (JSON, small layers); bigger ones stream to the store.</summary>
    const long InMemoryLimit = 1 << 20;
    const int MaxEntries = 1 << 16;
    /// <summary>All in-memory files together; past it, small files stream to the store too, so a hostile archive cannot exhaust memory.</summary>
    const long InMemoryBudget = 64 << 20;
    const int MaxLinkHops = 16;

    readonly Dictionary<string, SpooledFile> _files = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    long _inMemory;

    public static ArchiveSpool Read(Stream input, ImageIngest ingest)
    {
        var spool = new ArchiveSpool();
        try
        {
            using var tar = LayerDecompression.Open(input);
            using var reader = new TarReader(tar, leaveOpen: true);
            var count = 0;
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                if (++count > MaxEntries) throw Invalid($"more than {MaxEntries} entries");
                spool.Add(entry, ingest);
            }
            if (count == 0) throw Invalid("it holds no files (empty, or not a tar archive)");
        }
        // NativeAOT drops the runtime's message texts, so the type alone says what went wrong.
        catch (EndOfStreamException)
        {
            throw Invalid("it ends in the middle of an entry (truncated archive)");
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or ZstdSharp.ZstdException)
        {
            throw Invalid("a tar header or the compressed data is malformed (corrupt, or not a tar archive)");
        }
        return spool;
    }

    public static BerthException Invalid(string why) => BerthException.Invalid($"invalid image archive: {why}");

    void Add(TarEntry entry, ImageIngest ingest)
    {
        var path = Normalize(entry.Name);
        if (path is null) return;
        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                _files[path] = Spool(path, entry, ingest);
                _inMemory += _files[path].Bytes?.Length ?? 0;
                break;
            case TarEntryType.SymbolicLink:
                if (Normalize(Parent(path) + "/" + entry.LinkName) is { } target) _links[path] = target;
                break;
            case TarEntryType.HardLink:
                if (Normalize(entry.LinkName) is { } linked) _links[path] = linked;
                break;
        }
    }

    SpooledFile Spool(string path, TarEntry entry, ImageIngest ingest)
    {
        var expected = BlobName(path);
        var data = entry.DataStream ?? Stream.Null;
        if (entry.Length <= InMemoryLimit && _inMemory + entry.Length <= InMemoryBudget)
        {
            var bytes = new byte[entry.Length];
            if (data.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) != bytes.Length) throw Invalid($"{path} is cut short (truncated archive)");
            if (expected is { } want && Digest.Of(bytes) != want) throw DigestMismatch(path, want, Digest.Of(bytes));
            return new SpooledFile(path, bytes.Length, bytes, null);
        }
        using var writer = ingest.OpenBlob();
        data.CopyTo(writer, 1 << 20);
        if (writer.Written != entry.Length) throw Invalid($"{path} is cut short (truncated archive)");
        try
        {
            return new SpooledFile(path, entry.Length, null, writer.Commit(expected));
        }
        catch (BerthException) when (expected is not null)
        {
            throw Invalid($"{path}: content does not match its digest (corrupt archive)");
        }
    }

    static BerthException DigestMismatch(string path, Digest want, Digest got) =>
        Invalid($"{path}: content does not match its digest (got {got}; corrupt archive)");

    /// <summary>The digest a path under blobs/sha256/ promises, or null elsewhere.</summary>
    static Digest? BlobName(string path) =>
        path.StartsWith("blobs/sha256/", StringComparison.Ordinal) && Digest.TryParse("sha256:" + path[13..], out var d) ? d : null;

    public bool Contains(string path) => Find(path) is not null;

    public SpooledFile? Find(string path)
    {
        var current = Normalize(path);
        for (var hop = 0; current is not null && hop < MaxLinkHops; hop++)
        {
            if (_files.TryGetValue(current, out var file)) return file;
            if (!_links.TryGetValue(current, out current)) return null;
        }
        return null;
    }

    /// <summary>A small file's bytes (manifest.json, index.json, a config).</summary>
    public byte[] ReadSmall(string path, string what, ImageIngest ingest)
    {
        var file = Find(path) ?? throw Invalid($"{what} {path} is missing");
        if (file.Bytes is { } bytes) return bytes;
        if (file.Size > ImageIngest.MaxJsonBlob) throw Invalid($"{what} {path} is {file.Size} bytes: too big");
        return ingest.Store.Content.ReadVerified(file.Blob!.Value, ImageIngest.MaxJsonBlob);
    }

    /// <summary>Puts a file into the content store (in-memory ones are written now) and returns its digest.</summary>
    public Digest Store(string path, string what, ImageIngest ingest)
    {
        var file = Find(path) ?? throw Invalid($"{what} {path} is missing: the manifest names a file the archive does not have");
        return file.Blob ?? ingest.WriteBlob(file.Bytes);
    }

    /// <summary>Archive paths as keys: no "./" or "/" prefix, no trailing "/"; null when ".." climbs above the root.</summary>
    static string? Normalize(string name)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    static string Parent(string path) => path.Contains('/') ? path[..path.LastIndexOf('/')] : "";

    /// <summary>docker's legacy config name: the image ID's hex and ".json".</summary>
    public static Digest? LegacyConfigName(string path) =>
        LegacyConfig().Match(path) is { Success: true } m ? Digest.FromHex(m.Groups[1].Value) : null;

    [GeneratedRegex("^([0-9a-f]{64})\\.json$")]
    private static partial Regex LegacyConfig();
}
