using Microsoft.AspNetCore.Http;
using Microsoft.Win32.SafeHandles;

namespace Berth.Registry.Server;

/// <summary>
/// Writes a range of a blob file into the response. Kestrel cannot sendfile(2); its SendFileAsync
/// reads 64 KiB at a time on the thread pool into a buffer and then copies that into the response
/// pipe. Reading straight into the pipe's own memory, a large piece at a time, saves that copy and
/// the hop per piece: for a registry, whose work is mostly this loop, that is most of its CPU.
/// </summary>
static class BlobSender
{
    /// <summary>Large enough that a 200 MB blob takes a few hundred reads and flushes, small enough for many clients at once.</summary>
    public const int Piece = 256 << 10;

    public static async Task Send(HttpResponse response, SafeFileHandle file, long start, long count, CancellationToken cancel)
    {
        var output = response.BodyWriter;
        var offset = start;
        var end = start + count;
        while (offset < end)
        {
            var memory = output.GetMemory(Piece);
            var want = (int)Math.Min(Math.Min(memory.Length, Piece), end - offset);
            // A blocking pread on this pool thread: .NET's async file reads on Linux are the same pread on
            // another pool thread, and the page cache serves a registry's hot blobs faster than that hop.
            var read = RandomAccess.Read(file, memory.Span[..want], offset);
            if (read == 0) throw new IOException($"blob file ended at {offset} bytes, before the {end} it had when the response began");
            output.Advance(read);
            offset += read;
            var flushed = await output.FlushAsync(cancel);
            if (flushed.IsCanceled || flushed.IsCompleted) return;
        }
    }
}
