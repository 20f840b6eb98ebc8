using Berth.Images.Content;
using Berth.Sys.Errors;

namespace Berth.Registry.Client;

/// <summary>
/// The stream a layer is unpacked from while it downloads: first the bytes an earlier, interrupted
/// download left (replayed from the partial file), then the registry's bytes, each of which is also
/// written to the blob writer. One pass over the network serves both the content store and the
/// unpacker. The unpacker disposes what it reads from; this owns nothing, so that <see cref="Drain"/>
/// still works after. More than <paramref name="limit"/> bytes from the registry is refused, not stored.
/// <paramref name="progress"/> hears how many bytes of the blob have passed so far.
/// </summary>
sealed class DownloadTee(Stream? replay, long replayLength, Stream network, ResumableBlobWriter writer, long limit, Action<long> progress) : Berth.Sys.Files.ReadOnlyStream
{
    long _replayRemaining = replayLength;


    public override int Read(Span<byte> buffer)
    {
        if (replay is not null)
        {
            var replayed = _replayRemaining > 0 ? replay.Read(buffer[..(int)Math.Min(buffer.Length, _replayRemaining)]) : 0;
            _replayRemaining -= replayed;
            if (replayed > 0) return replayed;
            replay = null;
        }
        var read = network.Read(buffer);
        if (read == 0) return 0;
        if (writer.Offset + read > limit) throw BerthException.Invalid($"the registry sent more than the {limit} bytes the manifest declares");
        writer.Write(buffer[..read]);
        progress(writer.Offset);
        return read;
    }

    /// <summary>Reads what the unpacker left (tar padding, compressed trailers) so that the whole blob is stored.</summary>
    public void Drain()
    {
        var buffer = new byte[1 << 20];
        while (Read(buffer) > 0) { }
    }
}
