using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;

namespace Berth.Images.Layers.Tar;

/// <summary>
/// Reads (and so decompresses) the layer stream on its own thread a few 1 MiB chunks ahead of the
/// extraction, hashing every byte there: GNU tar gets the same overlap by running gzip or zstd in
/// another process, and the DiffID's SHA-256 costs the extracting thread nothing. The extraction
/// parses and writes straight from the chunks.
/// </summary>
sealed class HashingReadAhead : IDisposable
{
    const int ChunkSize = 1 << 20, ChunkCount = 4;

    readonly Stream source;
    readonly IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    readonly BlockingCollection<byte[]> free = new(ChunkCount);
    readonly BlockingCollection<Chunk> filled = new(ChunkCount + 1);
    readonly Thread reader;
    readonly bool hash;
    volatile bool stopping;
    long length;
    bool ended;

    /// <summary>A filled buffer, the end of the stream (no buffer), or the reader thread's failure.</summary>
    readonly record struct Chunk(byte[]? Buffer, int Length, ExceptionDispatchInfo? Failure);

    public HashingReadAhead(Stream source, bool hash = true)
    {
        this.source = source;
        this.hash = hash;
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
                if (hash) sha256.AppendData(buffer, 0, count);
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

    /// <summary>
    /// The next filled chunk, full-sized except at the end of the stream; false at the end. Blocks
    /// until the reader thread has it, and rethrows that thread's failure.
    /// </summary>
    public bool TryTake(out byte[] chunk, out int length)
    {
        (chunk, length) = (null!, 0);
        if (ended) return false;
        var next = filled.Take();
        next.Failure?.Throw();
        if (next.Buffer is null)
        {
            ended = true;
            return false;
        }
        (chunk, length) = (next.Buffer, next.Length);
        return true;
    }

    /// <summary>Hands a chunk back for refilling; its bytes must not be used after this.</summary>
    public void Return(byte[] chunk) => free.Add(chunk);

    /// <summary>The SHA-256 (null when not hashing) and length of the whole stream; only once TryTake has returned false.</summary>
    public (byte[]? Sha256, long Length) Finish()
    {
        if (!ended) throw new InvalidOperationException("the layer stream is not read to its end");
        reader.Join();
        return (hash ? sha256.GetHashAndReset() : null, length);
    }

    /// <summary>Waits for the reader thread, so the decompressor is never disposed under it.</summary>
    public void Dispose()
    {
        stopping = true;
        free.CompleteAdding();
        reader.Join();
        sha256.Dispose();
        free.Dispose();
        filled.Dispose();
    }
}
