using System.Security.Cryptography;
using Berth.Sys.Errors;

namespace Berth.Images.Content;

/// <summary>A blob being written: hashed as it streams, published by Commit only if the digest matches.</summary>
public sealed class BlobWriter : Stream
{
    readonly ContentStore _store;
    readonly string _temp;
    readonly FileStream _file;
    readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    bool _committed;

    internal BlobWriter(ContentStore store, string temp)
    {
        _store = store;
        _temp = temp;
        _file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public long Written { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _file.Write(buffer);
        _hash.AppendData(buffer);
        Written += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Flushes to disk and publishes the blob. With <paramref name="expected"/>, a mismatch is refused.</summary>
    public Digest Commit(Digest? expected = null, long? expectedSize = null)
    {
        var digest = Digest.FromHash(_hash.GetHashAndReset());
        if (expected is { } want && want != digest)
            throw BerthException.Invalid($"digest mismatch: expected {want}, got {digest}");
        if (expectedSize is { } size && size != Written)
            throw BerthException.Invalid($"size mismatch for {digest}: expected {size} bytes, got {Written}");
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        _store.Publish(_temp, digest);
        _committed = true;
        return digest;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _hash.Dispose();
            if (!_committed) File.Delete(_temp);
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Written;
    public override long Position { get => Written; set => throw new NotSupportedException(); }
    public override void Flush() => _file.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
