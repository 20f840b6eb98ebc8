using System.IO.Compression;
using ZstdSharp;

namespace Berth.Images.Layers.Unpack;

/// <summary>
/// Recognises a layer's compression by its magic bytes rather than by the media type, which
/// registries and old manifests get wrong, and returns the uncompressed tar stream.
/// </summary>
static class LayerDecompression
{
    const int CompressedReadBuffer = 1 << 18;

    static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];
    static ReadOnlySpan<byte> ZstdMagic => [0x28, 0xb5, 0x2f, 0xfd];

    /// <summary>The uncompressed stream; disposing it leaves <paramref name="layer"/> open.</summary>
    public static Stream Open(Stream layer) => Open(layer, out _);

    /// <summary>As <see cref="Open(Stream)"/>; <paramref name="compressed"/> false means the result holds exactly the bytes of <paramref name="layer"/>.</summary>
    public static Stream Open(Stream layer, out bool compressed)
    {
        compressed = true;
        var head = new byte[4];
        var length = ReadUpTo(layer, head);
        var replay = new PrefixedStream(head, length, layer);
        var sniffed = head.AsSpan(0, length);
        if (sniffed.StartsWith(GzipMagic))
            return new GZipStream(new BufferedStream(replay, CompressedReadBuffer), CompressionMode.Decompress, leaveOpen: false);
        if (sniffed.StartsWith(ZstdMagic))
            return new DecompressionStream(replay, CompressedReadBuffer, checkEndOfStream: true, leaveOpen: true);
        compressed = false;
        return replay;
    }

    static int ReadUpTo(Stream stream, byte[] buffer)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = stream.Read(buffer, filled, buffer.Length - filled)) > 0) filled += read;
        return filled;
    }
}
