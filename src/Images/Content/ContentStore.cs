using Berth.Sys.Errors;
using Berth.Sys.Files;

namespace Berth.Images.Content;

/// <summary>
/// Immutable blobs by sha256 under blobs/sha256/HEX. A blob becomes visible only by rename after
/// its digest checked out, so a reader never sees a partial or unverified blob.
/// </summary>
public sealed class ContentStore
{
    readonly string _blobs;
    readonly string _ingest;

    public ContentStore(string root)
    {
        _blobs = Path.Combine(root, "blobs", "sha256");
        _ingest = Path.Combine(root, "ingest");
    }

    public string PathOf(Digest digest) => Path.Combine(_blobs, digest.Hex);
    public bool Exists(Digest digest) => File.Exists(PathOf(digest));

    public long SizeOf(Digest digest)
    {
        var info = new FileInfo(PathOf(digest));
        return info.Exists ? info.Length : throw MissingBlob(digest);
    }

    public FileStream OpenRead(Digest digest)
    {
        try
        {
            return new FileStream(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (FileNotFoundException)
        {
            throw MissingBlob(digest);
        }
    }

    /// <summary>Reads a small blob (manifest, config), re-checking its digest: these are cheap to verify.</summary>
    public byte[] ReadVerified(Digest digest, long maxSize = 16 << 20)
    {
        var path = PathOf(digest);
        var info = new FileInfo(path);
        if (!info.Exists) throw MissingBlob(digest);
        if (info.Length > maxSize) throw BerthException.Invalid($"blob {digest} is {info.Length} bytes, over the {maxSize} byte limit");
        var bytes = File.ReadAllBytes(path);
        if (Digest.Of(bytes) != digest) throw BerthException.Internal($"blob {digest} is corrupt: its content no longer matches its digest");
        return bytes;
    }

    /// <summary>Reads a small blob without re-hashing it: for hot paths, relying on the check made at write.</summary>
    public byte[] ReadTrusted(Digest digest, long maxSize = 16 << 20)
    {
        var path = PathOf(digest);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            if (file.Length > maxSize) throw BerthException.Invalid($"blob {digest} is {file.Length} bytes, over the {maxSize} byte limit");
            var bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            return bytes;
        }
        catch (FileNotFoundException)
        {
            throw MissingBlob(digest);
        }
    }

    public Digest Write(ReadOnlySpan<byte> content)
    {
        var digest = Digest.Of(content);
        if (!Exists(digest))
        {
            Directory.CreateDirectory(_blobs);
            AtomicFile.Write(PathOf(digest), content, durable: true, mode: 0x1a4);
        }
        return digest;
    }

    public BlobWriter BeginWrite()
    {
        Directory.CreateDirectory(_ingest);
        Directory.CreateDirectory(_blobs);
        return new BlobWriter(this, Path.Combine(_ingest, $"{Environment.ProcessId}-{Guid.NewGuid():N}"));
    }

    /// <summary>A download toward <paramref name="expected"/> that resumes where an earlier, interrupted one stopped.</summary>
    public ResumableBlobWriter BeginResumableWrite(Digest expected)
    {
        Directory.CreateDirectory(_ingest);
        Directory.CreateDirectory(_blobs);
        return new ResumableBlobWriter(this, _ingest, expected);
    }

    internal void Publish(string temp, Digest digest)
    {
        var target = PathOf(digest);
        if (File.Exists(target))
        {
            File.Delete(temp);
            return;
        }
        File.Move(temp, target, overwrite: true);
        AtomicFile.SyncDirectory(_blobs);
    }

    public void Delete(Digest digest) => File.Delete(PathOf(digest));

    public IEnumerable<Digest> List()
    {
        if (!Directory.Exists(_blobs)) yield break;
        foreach (var path in Directory.EnumerateFiles(_blobs))
            if (Digest.TryParse(Digest.Sha256Prefix + Path.GetFileName(path), out var d)) yield return d;
    }

    /// <summary>Removes ingest files whose writer died (kill -9): called under the store's exclusive lock.</summary>
    public void RemoveAbandonedIngests()
    {
        if (!Directory.Exists(_ingest)) return;
        foreach (var file in Directory.EnumerateFiles(_ingest)) File.Delete(file);
    }

    static BerthException MissingBlob(Digest digest) => BerthException.NotFound($"blob {digest} is missing from the content store");
}
