using System.Security.Cryptography;
using Berth.Images.Content;
using Berth.Images.Tests.Layers;
using Berth.Sys.Errors;

namespace Berth.Images.Tests.Content;

/// <summary>
/// A download's blob, written and hashed behind the caller: what a stopped download leaves is there
/// to resume from, and nothing is published unless every byte arrived and the digest matches.
/// </summary>
public sealed class ResumableBlobWriterTests : IDisposable
{
    readonly ScratchDirectory scratch = new();
    readonly ContentStore store;
    // Over the write-behind's pool of 1 MiB chunks and its writeback steps, in pieces that straddle chunks.
    readonly byte[] blob = RandomNumberGenerator.GetBytes((40 << 20) + 12345);

    public ResumableBlobWriterTests() => store = new ContentStore(scratch.Path);

    public void Dispose() => scratch.Dispose();

    void WriteInPieces(ResumableBlobWriter writer, int from, int to)
    {
        for (var offset = from; offset < to; offset += 300_001) writer.Write(blob.AsSpan(offset, Math.Min(300_001, to - offset)));
    }

    [Fact]
    public void AStoppedDownloadKeepsEveryByteHandedOverAndResumesToAVerifiedBlob()
    {
        var digest = Digest.Of(blob);
        var half = blob.Length / 2;
        using (var first = store.BeginResumableWrite(digest))
        {
            WriteInPieces(first, 0, half);
            Assert.Equal(half, first.Offset);
        }
        Assert.False(store.Exists(digest));

        using var second = store.BeginResumableWrite(digest);
        Assert.Equal(half, second.Offset);
        WriteInPieces(second, half, blob.Length);
        second.Commit(blob.Length);
        Assert.True(store.Exists(digest));
        Assert.Equal(blob, File.ReadAllBytes(store.PathOf(digest)));
    }

    [Fact]
    public void AWrongByteIsRefusedAndNothingIsPublished()
    {
        var digest = Digest.Of(blob);
        var corrupt = (byte[])blob.Clone();
        corrupt[corrupt.Length - 7] ^= 1;
        using var writer = store.BeginResumableWrite(digest);
        writer.Write(corrupt);
        var refused = Assert.Throws<BerthException>(() => writer.Commit(blob.Length));
        Assert.Contains("digest mismatch", refused.Message);
        Assert.False(store.Exists(digest));
    }

    [Fact]
    public void ARestartDiscardsWhatWasStored()
    {
        var digest = Digest.Of(blob);
        using var writer = store.BeginResumableWrite(digest);
        WriteInPieces(writer, 0, 5 << 20);
        writer.Restart();
        Assert.Equal(0, writer.Offset);
        WriteInPieces(writer, 0, blob.Length);
        writer.Commit(blob.Length);
        Assert.Equal(blob, File.ReadAllBytes(store.PathOf(digest)));
    }
}
