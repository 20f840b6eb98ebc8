namespace Berth.Images.Layers.Tar;

/// <summary>
/// The uncompressed tar stream as spans of the read-ahead chunks, so nothing is copied on the way
/// from the decompressor to the files. Chunks are full 1 MiB blocks, a multiple of the 512-byte
/// tar block, so a header never straddles two; only a metadata block can, and is stitched together.
/// </summary>
sealed class TarInputBuffer(HashingReadAhead source)
{
    byte[]? chunk;
    int start, end;
    byte[]? stitch;

    /// <summary>
    /// Takes exactly <paramref name="count"/> bytes. False at a clean end of stream (nothing left);
    /// a stream that ends part way is corrupt. The span is valid until the next call.
    /// </summary>
    public bool TryTake(int count, out ReadOnlySpan<byte> bytes)
    {
        if (end - start >= count)
        {
            bytes = chunk.AsSpan(start, count);
            start += count;
            return true;
        }
        return TryStitch(count, out bytes);
    }

    /// <summary>Takes between 1 and <paramref name="limit"/> bytes of what the current chunk holds.</summary>
    public ReadOnlySpan<byte> TakeUpTo(long limit)
    {
        if (start == end && !NextChunk()) throw LayerRefusal.Corrupt("the stream ends inside a file's content");
        var count = (int)Math.Min(limit, end - start);
        var bytes = chunk.AsSpan(start, count);
        start += count;
        return bytes;
    }

    public void Skip(long count)
    {
        while (count > 0) count -= TakeUpTo(count).Length;
    }

    /// <summary>Reads everything left in the source (end-of-archive blocks, padding), which the DiffID covers.</summary>
    public void Drain()
    {
        while (NextChunk()) { }
    }

    bool TryStitch(int count, out ReadOnlySpan<byte> bytes)
    {
        stitch ??= new byte[TarLayout.Padded(TarLayout.MaxMetadataBytes)];
        var filled = 0;
        while (filled < count)
        {
            if (start == end && !NextChunk())
            {
                if (filled == 0) break;
                throw LayerRefusal.Corrupt("the stream ends in the middle of a block");
            }
            var part = Math.Min(count - filled, end - start);
            chunk.AsSpan(start, part).CopyTo(stitch.AsSpan(filled));
            (filled, start) = (filled + part, start + part);
        }
        bytes = stitch.AsSpan(0, filled);
        return filled == count;
    }

    bool NextChunk()
    {
        if (chunk is not null) source.Return(chunk);
        chunk = null;
        (start, end) = (0, 0);
        if (!source.TryTake(out var next, out var length)) return false;
        (chunk, end) = (next, length);
        return true;
    }
}
