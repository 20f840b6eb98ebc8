namespace Berth.Images.Layers.Unpack;

/// <summary>Replays bytes already read from a stream (to sniff its format) before the rest of it.</summary>
sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream rest) : Stream
{
    int replayed;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (replayed == prefixLength) return rest.Read(destination);
        var count = Math.Min(destination.Length, prefixLength - replayed);
        prefix.AsSpan(replayed, count).CopyTo(destination);
        replayed += count;
        return count;
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
