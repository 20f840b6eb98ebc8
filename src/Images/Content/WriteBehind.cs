using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Berth.Images.Content;

/// <summary>
/// Gathers bytes into 1 MiB chunks and hands each to a thread of its own, which passes it to the
/// sink (for a download: write it to the file and hash it). The thread that reads the network and
/// feeds the unpacker is free for its next read meanwhile: on a pull, the blob's SHA-256 and its copy
/// into the page cache overlap with the download and the unpacking instead of taking turns with them.
/// A failure of the sink surfaces at the next <see cref="Write"/> or at <see cref="Drain"/>.
/// </summary>
sealed class WriteBehind(Action<ReadOnlyMemory<byte>> sink) : IDisposable
{
    const int ChunkSize = 1 << 20, ChunkCount = 6;

    readonly BlockingCollection<byte[]> free = new(ChunkCount);
    readonly BlockingCollection<Pending> queued = new(ChunkCount + 1);
    readonly SemaphoreSlim drained = new(0);
    Thread? thread;
    int allocated;
    byte[]? current;
    int filled;
    volatile ExceptionDispatchInfo? failure;

    /// <summary>A filled chunk, or (no chunk) the marker that <see cref="Drain"/> waits for.</summary>
    readonly record struct Pending(byte[]? Chunk, int Length);

    public void Write(ReadOnlySpan<byte> data)
    {
        failure?.Throw();
        while (!data.IsEmpty)
        {
            current ??= NextFree();
            var count = Math.Min(data.Length, ChunkSize - filled);
            data[..count].CopyTo(current.AsSpan(filled));
            filled += count;
            data = data[count..];
            if (filled == ChunkSize) Submit();
        }
    }

    /// <summary>Waits until every byte written so far has passed through the sink; rethrows its failure.</summary>
    public void Drain()
    {
        if (filled > 0) Submit();
        if (thread is null) return;
        queued.Add(default);
        drained.Wait();
        failure?.Throw();
    }

    byte[] NextFree()
    {
        if (thread is null)
        {
            thread = new Thread(Run) { IsBackground = true, Name = "blob write-behind" };
            thread.Start();
        }
        if (allocated < ChunkCount && free.Count == 0)
        {
            allocated++;
            return GC.AllocateUninitializedArray<byte>(ChunkSize);
        }
        return free.Take();
    }

    void Submit()
    {
        queued.Add(new Pending(current, filled));
        current = null;
        filled = 0;
    }

    void Run()
    {
        foreach (var (chunk, length) in queued.GetConsumingEnumerable())
        {
            if (chunk is null)
            {
                drained.Release();
                continue;
            }
            // After a failure the rest is dropped: the writer is refused at its next call anyway.
            if (failure is null)
            {
                try { sink(chunk.AsMemory(0, length)); }
                catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
            }
            free.Add(chunk);
        }
    }

    /// <summary>Passes on what is still buffered (a partial download is kept to resume from), then stops the thread.</summary>
    public void Dispose()
    {
        if (filled > 0 && failure is null && thread is not null) Submit();
        queued.CompleteAdding();
        thread?.Join();
        queued.Dispose();
        free.Dispose();
        drained.Dispose();
    }
}
