using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;

namespace Berth.Images.Layers.Tar;

/// <summary>
/// Reads (and so decompresses) the layer stream on its own thread a few chunks ahead of the
/// extraction, hashing every byte there: GNU tar gets the same overlap by running gzip or zstd in
/// another process, and the DiffID's SHA-256 costs the extracting thread nothing.
/// </summary>
sealed class HashingReadAhead : Stream
{
    const int ChunkSize = 1 << 20, ChunkCount = 4;

    readonly Stream source;
    readonly IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    readonly BlockingCollection<byte[]> free = new(ChunkCount);
    readonly BlockingCollection<Chunk> filled = new(ChunkCount + 1);
    readonly Thread reader;
    volatile bool stopping;
    long length;
    Chunk current;
    int offset;
    bool ended;

    /// <summary>A filled buffer, the end of the stream (no buffer), or the reader thread's failure.</summary>
    readonly record struct Chunk(byte[]? Buffer, int Length, ExceptionDispatchInfo? Failure);

    public HashingReadAhead(Stream source)
    {
        this.source = source;
        for (var i = 0; i < ChunkCount; i++) free.Add(GC.AllocateUninitializedArray<byte>(ChunkSize));
        reader = new Thread(ReadAhead) { IsBackground = true, Name = "layer read-ahead" };
        reader.Start();
    }

    void ReadAhead()
    {
        try
        {
            while (!stopping)
            {
                var buffer = free.Take();
                var count = source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                sha256.AppendData(buffer, 0, count);
                length += count;
                if (count > 0) filled.Add(new Chunk(buffer, count, null));
                if (count < buffer.Length)
                {
                    filled.Add(default);
                    return;
                }
            }
        }
        catch (InvalidOperationException) when (stopping)
        {
            // Dispose completed the free pool while this thread waited on it.
        }
        catch (Exception e)
        {
            filled.Add(new Chunk(null, 0, ExceptionDispatchInfo.Capture(e)));
        }
    }

    public override int Read(Span<byte> destination)
    {
        if ((current.Buffer is null || offset == current.Length) && !NextChunk()) return 0;
        var count = Math.Min(destination.Length, current.Length - offset);
        current.Buffer.AsSpan(offset, count).CopyTo(destination);
        offset += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    bool NextChunk()
    {
        if (current.Buffer is not null) free.Add(current.Buffer);
        current = default;
        if (ended) return false;
        var next = filled.Take();
        next.Failure?.Throw();
        if (next.Buffer is null)
        {
            ended = true;
            return false;
        }
        (current, offset) = (next, 0);
        return true;
    }

    /// <summary>The SHA-256 and length of the whole stream; only once Read has returned 0.</summary>
    public (byte[] Sha256, long Length) Finish()
    {
        if (!ended) throw new InvalidOperationException("the layer stream is not read to its end");
        reader.Join();
        return (sha256.GetHashAndReset(), length);
    }

    /// <summary>Waits for the reader thread, so the decompressor is never disposed under it.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stopping = true;
            free.CompleteAdding();
            reader.Join();
            sha256.Dispose();
            free.Dispose();
            filled.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
