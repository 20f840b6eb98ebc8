using System.Security.Cryptography;
using Berth.Sys.Errors;
using Berth.Sys.Files;

namespace Berth.Images.Content;

/// <summary>
/// A blob downloaded toward a known digest into a stable ingest file (ingest/partial-HEX), so that an
/// interrupted download continues where it stopped: the bytes already there are re-hashed on open and
/// <see cref="Offset"/> says where to resume. Commit publishes only when the digest and size match.
/// One writer per digest at a time, held by a lock beside the file. The file is written and hashed
/// behind the caller, on a thread of its own (<see cref="WriteBehind"/>), and its disk writeback
/// starts as it grows, so that the fsync at commit has only the tail left to wait for.
/// </summary>
public sealed class ResumableBlobWriter : Stream
{
    readonly ContentStore _store;
    readonly Digest _expected;
    readonly string _path;
    readonly IDisposable _lock;
    readonly FileStream _file;
    readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    readonly WriteBehind _behind;
    readonly Writeback _writeback;
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
        _writeback = new Writeback(_file.SafeFileHandle, Offset);
        _behind = new WriteBehind(StoreChunk);
    }

    /// <summary>Bytes already stored: where the download resumes.</summary>
    public long Offset { get; private set; }

    /// <summary>Reads the bytes stored so far, to replay them (the first <see cref="Offset"/> bytes; later writes are not its to read).</summary>
    public FileStream OpenStored() => new(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);

    /// <summary>Discards what was stored, when the server will not resume (no Range support).</summary>
    public void Restart()
    {
        _behind.Drain();
        _writeback.Reset(0);
        _file.SetLength(0);
        _file.Position = 0;
        _hash.GetHashAndReset();
        Offset = 0;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _behind.Write(buffer);
        Offset += buffer.Length;
    }

    /// <summary>On the write-behind thread: the bytes go to the file and into the digest, in order.</summary>
    void StoreChunk(ReadOnlyMemory<byte> chunk)
    {
        _file.Write(chunk.Span);
        _hash.AppendData(chunk.Span);
        _writeback.Written(chunk.Length);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Hands the bytes over without waiting for the disk: the write-behind thread does that.</summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public void Commit(long expectedSize)
    {
        _behind.Drain();
        _writeback.Settle();
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
            _behind.Dispose();
            _writeback.Settle();
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
    public override void Flush() => _behind.Drain();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
