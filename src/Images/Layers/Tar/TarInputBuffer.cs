namespace Berth.Images.Layers.Tar;

/// <summary>
/// A large read buffer over the uncompressed tar stream. Headers and metadata blocks are parsed in
/// place; file content is handed out as spans of it.
/// </summary>
sealed class TarInputBuffer
{
    /// <summary>Holds the largest metadata block with its padding, and makes file copies few large writes.</summary>
    const int Capacity = TarLayout.MaxMetadataBytes * 2;

    readonly Stream source;
    readonly byte[] buffer = GC.AllocateUninitializedArray<byte>(Capacity, pinned: true);
    int start, end;
    bool sourceEnded;

    public TarInputBuffer(Stream source) => this.source = source;

    /// <summary>
    /// Takes exactly <paramref name="count"/> bytes. False at a clean end of stream (nothing left);
    /// a stream that ends part way is corrupt. The span is valid until the next call.
    /// </summary>
    public bool TryTake(int count, out ReadOnlySpan<byte> bytes)
    {
        if (!Ensure(count))
        {
            if (start != end) throw LayerRefusal.Corrupt("the stream ends in the middle of a block");
            bytes = default;
            return false;
        }
        bytes = buffer.AsSpan(start, count);
        start += count;
        return true;
    }

    /// <summary>Takes between 1 and <paramref name="limit"/> bytes, whatever is buffered or one read brings.</summary>
    public ReadOnlySpan<byte> TakeUpTo(long limit)
    {
        if (start == end && !Refill()) throw LayerRefusal.Corrupt("the stream ends inside a file's content");
        var count = (int)Math.Min(limit, end - start);
        var bytes = buffer.AsSpan(start, count);
        start += count;
        return bytes;
    }

    public void Skip(long count)
    {
        while (count > 0) count -= TakeUpTo(count).Length;
    }

    /// <summary>Reads everything left in the source.</summary>
    public void Drain()
    {
        start = end;
        while (Refill()) start = end;
    }

    bool Ensure(int count)
    {
        if (end - start >= count) return true;
        Compact();
        while (end < count && ReadMore()) { }
        return end >= count;
    }

    bool Refill()
    {
        start = end = 0;
        return ReadMore();
    }

    void Compact()
    {
        if (start == 0) return;
        buffer.AsSpan(start, end - start).CopyTo(buffer);
        end -= start;
        start = 0;
    }

    bool ReadMore()
    {
        if (sourceEnded) return false;
        var read = source.Read(buffer, end, Capacity - end);
        if (read == 0)
        {
            sourceEnded = true;
            return false;
        }
        end += read;
        return true;
    }
}
