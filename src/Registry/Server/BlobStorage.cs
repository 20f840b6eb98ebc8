using System.Collections.Concurrent;
using System.Security.Cryptography;
using Berth.Images.Content;
using Berth.Sys.Files;
using Microsoft.Win32.SafeHandles;

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
    // The running hash of each upload received in order by this process, so that finishing it need
    // not read it back. After a restart, or if two requests raced on one upload, the hash is gone
    // and the commit re-reads the file: the digest check never depends on this cache.
    readonly ConcurrentDictionary<string, (IncrementalHash Hash, long Length)> _hashes = new();

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

    /// <summary>The blob opened for reading, or null when there is none.</summary>
    public SafeFileHandle? OpenRead(Digest digest)
    {
        try { return File.OpenHandle(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan); }
        catch (FileNotFoundException) { return null; }
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
        var hash = _hashes.TryRemove(id, out var running) && running.Length == before ? running.Hash : null;
        if (hash is null && before == 0) hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await Copy(body, file, hash, cancel);
            await file.FlushAsync(cancel);
        }
        catch (Exception e)
        {
            hash?.Dispose();
            file.SetLength(before);
            if (e is IOException io && StorageErrors.IsDiskFull(io)) throw RegistryError.StorageFull();
            throw;
        }
        var written = file.Length - before;
        if (length is { } want && want != written)
        {
            hash?.Dispose();
            file.SetLength(before);
            throw RegistryError.SizeInvalid($"expected {want} bytes, got {written}");
        }
        if (hash is not null) _hashes[id] = (hash, file.Length);
        return file.Length;
    }

    static async Task Copy(Stream body, FileStream file, IncrementalHash? hash, CancellationToken cancel)
    {
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await body.ReadAsync(buffer, cancel)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), cancel);
            hash?.AppendData(buffer, 0, read);
        }
    }

    async Task<Digest> Hash(string id, FileStream file, CancellationToken cancel)
    {
        if (_hashes.TryRemove(id, out var running))
        {
            using (running.Hash)
                if (running.Length == file.Length) return Digest.FromHash(running.Hash.GetHashAndReset());
        }
        return Digest.FromHash(await SHA256.HashDataAsync(file, cancel));
    }

    /// <summary>Verifies the upload against <paramref name="expected"/>, then makes it a blob. The upload is gone either way.</summary>
    public async Task CommitAsync(string id, Digest expected, CancellationToken cancel)
    {
        var path = UploadPath(id);
        Digest actual;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            actual = await Hash(id, file, cancel);
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
        if (_hashes.TryRemove(id, out var running)) running.Hash.Dispose();
        var path = UploadPath(id);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    /// <summary>Uploads untouched for longer than <paramref name="age"/>: abandoned by a client or a crash.</summary>
    public IEnumerable<string> StaleUploads(TimeSpan age) =>
        Directory.EnumerateFiles(_uploads).Where(f => File.GetLastWriteTimeUtc(f) < DateTime.UtcNow - age);
}
