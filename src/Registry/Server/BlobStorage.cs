using System.Security.Cryptography;
using Berth.Images.Content;
using Berth.Sys.Files;

namespace Berth.Registry.Server;

/// <summary>
/// The registry's blobs, content-addressed under blobs/sha256/HEX, and uploads in progress under
/// uploads/ID. An upload becomes a blob only by rename after its digest checked out, so a reader,
/// or a server killed mid-upload, never leaves a partial blob visible.
/// </summary>
public sealed class BlobStorage
{
    readonly string _blobs;
    readonly string _uploads;

    public BlobStorage(string root)
    {
        _blobs = Path.Combine(root, "blobs", "sha256");
        _uploads = Path.Combine(root, "uploads");
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_uploads);
    }

    public string PathOf(Digest digest) => Path.Combine(_blobs, digest.Hex);
    public bool Exists(Digest digest) => File.Exists(PathOf(digest));
    public long? SizeOf(Digest digest)
    {
        var info = new FileInfo(PathOf(digest));
        return info.Exists ? info.Length : null;
    }

    public IEnumerable<Digest> List()
    {
        foreach (var path in Directory.EnumerateFiles(_blobs))
            if (Digest.TryParse(Digest.Sha256Prefix + Path.GetFileName(path), out var d)) yield return d;
    }

    public void Delete(Digest digest) => File.Delete(PathOf(digest));

    /// <summary>Stores a small blob (a manifest) whose digest the caller computed from these bytes.</summary>
    public void Write(Digest digest, ReadOnlySpan<byte> content)
    {
        if (!Exists(digest)) AtomicFile.Write(PathOf(digest), content, durable: true);
    }

    public string NewUpload()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using (File.Create(UploadPath(id))) { }
        return id;
    }

    public string UploadPath(string id) => Path.Combine(_uploads, id);

    /// <summary>Bytes received so far, or null when there is no such upload.</summary>
    public long? UploadSize(string id)
    {
        var info = new FileInfo(UploadPath(id));
        return info.Exists ? info.Length : null;
    }

    /// <summary>Appends a chunk at <paramref name="offset"/>, which must be where the upload ends.</summary>
    public async Task<long> AppendAsync(string id, Stream body, long? offset, long? length, CancellationToken cancel)
    {
        var path = UploadPath(id);
        if (!File.Exists(path)) throw RegistryError.BlobUploadUnknown();
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        if (offset is { } start && start != file.Length)
            throw RegistryError.RangeInvalid($"chunk starts at {start}, the upload has {file.Length} bytes");
        file.Seek(0, SeekOrigin.End);
        var before = file.Length;
        try
        {
            await body.CopyToAsync(file, 1 << 20, cancel);
            await file.FlushAsync(cancel);
        }
        catch (IOException e) when (StorageErrors.IsDiskFull(e))
        {
            file.SetLength(before);
            throw RegistryError.StorageFull();
        }
        var written = file.Length - before;
        if (length is { } want && want != written)
        {
            file.SetLength(before);
            throw RegistryError.SizeInvalid($"expected {want} bytes, got {written}");
        }
        return file.Length;
    }

    /// <summary>Verifies the upload against <paramref name="expected"/>, then makes it a blob. The upload is gone either way.</summary>
    public async Task CommitAsync(string id, Digest expected, CancellationToken cancel)
    {
        var path = UploadPath(id);
        Digest actual;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            actual = Digest.FromHash(await SHA256.HashDataAsync(file, cancel));
            if (actual == expected) file.Flush(flushToDisk: true);
        }
        if (actual != expected)
        {
            File.Delete(path);
            throw RegistryError.DigestInvalid($"expected {expected}, got {actual}");
        }
        if (Exists(expected)) File.Delete(path);
        else
        {
            File.Move(path, PathOf(expected), overwrite: true);
            AtomicFile.SyncDirectory(_blobs);
        }
    }

    public bool CancelUpload(string id)
    {
        var path = UploadPath(id);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    /// <summary>Uploads untouched for longer than <paramref name="age"/>: abandoned by a client or a crash.</summary>
    public IEnumerable<string> StaleUploads(TimeSpan age) =>
        Directory.EnumerateFiles(_uploads).Where(f => File.GetLastWriteTimeUtc(f) < DateTime.UtcNow - age);
}
