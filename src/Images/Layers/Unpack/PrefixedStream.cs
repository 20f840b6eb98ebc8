namespace Berth.Images.Layers.Unpack;

/// <summary>Replays bytes already read from a stream (to sniff its format) before the rest of it.</summary>
sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream rest) : Berth.Sys.Files.ReadOnlyStream
{
    int replayed;

    public override int Read(Span<byte> destination)
    {
        if (replayed == prefixLength) return rest.Read(destination);
        var count = Math.Min(destination.Length, prefixLength - replayed);
        prefix.AsSpan(replayed, count).CopyTo(destination);
        replayed += count;
        return count;
    }
}
