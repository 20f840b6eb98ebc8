namespace Berth.Registry.Client;

/// <summary>
/// Reads at most <paramref name="length"/> bytes of an inner stream (one chunk of a file), and owns it.
/// <paramref name="progress"/>, when given, hears how many bytes have been read so far.
/// </summary>
sealed class BoundedStream(Stream inner, long length, Action<long>? progress = null) : Berth.Sys.Files.ReadOnlyStream
{
    readonly long _length = length;
    long _remaining = length;

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0) return 0;
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= read;
        progress?.Invoke(_length - _remaining);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining <= 0) return 0;
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        _remaining -= read;
        progress?.Invoke(_length - _remaining);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override long Length => _length;
    public override long Position { get => _length - _remaining; set => throw new NotSupportedException(); }
}
