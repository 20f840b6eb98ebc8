using System.Runtime.InteropServices;

namespace Berth.Images.Layers.Tar;

/// <summary>A header block's checksum: the sum of its bytes, with the checksum field counted as spaces.</summary>
static class TarChecksum
{
    const ulong EvenBytes = 0x00ff00ff00ff00ff;
    const long ChecksumFieldAsSpaces = ' ' * TarLayout.ChecksumLength;

    /// <summary>
    /// Adds the bytes eight at a time, in four 16-bit lanes: a block adds at most 64 × 2 × 255 to a
    /// lane, which fits. Every entry's header goes through here.
    /// </summary>
    public static long Unsigned(ReadOnlySpan<byte> header)
    {
        ulong lanes = 0;
        foreach (var word in MemoryMarshal.Cast<byte, ulong>(header[..TarLayout.BlockSize]))
            lanes += (word & EvenBytes) + ((word >> 8) & EvenBytes);
        long sum = (long)((lanes & 0xffff) + ((lanes >> 16) & 0xffff) + ((lanes >> 32) & 0xffff) + (lanes >> 48));
        foreach (var b in header.Slice(TarLayout.ChecksumOffset, TarLayout.ChecksumLength)) sum -= b;
        return sum + ChecksumFieldAsSpaces;
    }

    /// <summary>The sum some old tars wrote, treating bytes as signed chars; checked only when the unsigned sum fails.</summary>
    public static long Signed(ReadOnlySpan<byte> header)
    {
        long sum = ChecksumFieldAsSpaces;
        for (var i = 0; i < TarLayout.BlockSize; i++)
            if (i < TarLayout.ChecksumOffset || i >= TarLayout.ChecksumOffset + TarLayout.ChecksumLength) sum += (sbyte)header[i];
        return sum;
    }
}
