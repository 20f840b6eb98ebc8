using System.Security.Cryptography;
using Berth.Sys.Errors;
using Berth.Sys.Files;

namespace Berth.Images.Content;

/// <summary>
/// A blob downloaded toward a known digest into a stable ingest file (ingest/partial-HEX), so that an
/// interrupted download continues where it stopped: the bytes already there are re-hashed on open and
/// <see cref="Offset"/> says where to resume. Commit publishes only when the digest and size match.
/// One writer per digest at a time, held by a lock beside the file.
/// </summary>
public sealed class ResumableBlobWriter : Stream
{
    readonly ContentStore _store;
    readonly Digest _expected;
    readonly string _path;
    readonly IDisposable _lock;
    readonly FileStream _file;
    readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    bool _committed;

    internal ResumableBlobWriter(ContentStore store, string ingest, Digest expected)
    {
        _store = store;
        _expected = expected;
        _path = Path.Combine(ingest, "partial-" + expected.Hex);
        _lock = FileLock.Acquire(_path + ".lock");
        _file = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = _file.Read(buffer)) > 0) _hash.AppendData(buffer, 0, read);
        Offset = _file.Length;
    }

    /// <summary>Bytes already stored: where the download resumes.</summary>
    public long Offset { get; private set; }

    /// <summary>Reads the bytes stored so far, to replay them (the first <see cref="Offset"/> bytes; later writes are not its to read).</summary>
    public FileStream OpenStored() => new(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);

    /// <summary>Discards what was stored, when the server will not resume (no Range support).</summary>
    public void Restart()
    {
        _file.SetLength(0);
        _file.Position = 0;
        _hash.GetHashAndReset();
        Offset = 0;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _file.Write(buffer);
        _hash.AppendData(buffer);
        Offset += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _file.WriteAsync(buffer, cancellationToken);
        _hash.AppendData(buffer.Span);
        Offset += buffer.Length;
    }

    public void Commit(long expectedSize)
    {
        var digest = Digest.FromHash(_hash.GetHashAndReset());
        if (digest != _expected || Offset != expectedSize)
        {
            _file.SetLength(0);
            throw BerthException.Invalid($"digest mismatch: expected {_expected} ({expectedSize} bytes), got {digest} ({Offset} bytes)");
        }
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        _store.Publish(_path, digest);
        _committed = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _hash.Dispose();
            // A partial download stays for the next attempt; an empty one is not worth keeping.
            if (!_committed && File.Exists(_path) && new FileInfo(_path).Length == 0) File.Delete(_path);
            _lock.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Offset;
    public override long Position { get => Offset; set => throw new NotSupportedException(); }
    public override void Flush() => _file.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
