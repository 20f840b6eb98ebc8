using Berth.Images.Content;
using Berth.Images.Layers;
using Berth.Images.Snapshots;
using Berth.Sys.Errors;

namespace Berth.Images.Tests.Layers;

/// <summary>
/// A layer unpacked as its blob downloads: the blob's check runs before the layer is visible, and
/// for an uncompressed blob that check stands in for the DiffID's, so the bytes are hashed once.
/// </summary>
public sealed class LayerStoreVerifiedUnpackTests : IDisposable
{
    readonly ScratchDirectory scratch = new();
    readonly LayerStore layers;
    readonly byte[] tar = new TarBuilder().Dir("etc").File("etc/hostname", "box").Build();

    public LayerStoreVerifiedUnpackTests() => layers = new LayerStore(scratch.Path);

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void TheBlobCheckRunsBeforeTheLayerBecomesVisible()
    {
        var diffId = Digest.Of(tar);
        var visibleDuringCheck = true;
        layers.Unpack(diffId, () => new MemoryStream(tar), diffId, () => visibleDuringCheck = layers.IsUnpacked(diffId));
        Assert.False(visibleDuringCheck);
        Assert.True(layers.IsUnpacked(diffId));
        Assert.Equal("box", File.ReadAllText(Path.Join(layers.DiffPath(diffId), "etc/hostname")));
    }

    [Fact]
    public void AFailedBlobCheckLeavesNoLayerBehind()
    {
        var diffId = Digest.Of(tar);
        var refused = Assert.Throws<BerthException>(() =>
            layers.Unpack(diffId, () => new MemoryStream(tar), diffId, () => throw BerthException.Invalid("digest mismatch")));
        Assert.Contains("digest mismatch", refused.Message);
        Assert.False(layers.IsUnpacked(diffId));
        Assert.Empty(Directory.EnumerateDirectories(Path.Join(scratch.Path, "layers")));
    }

    [Fact]
    public void AnUncompressedLayerTakesTheCallersDigestAndAnyOtherIsStillHashed()
    {
        var diffId = Digest.Of(tar);
        var options = new UnpackOptions { RawDigestIsDiffId = diffId };
        Directory.CreateDirectory(Path.Join(scratch.Path, "plain"));
        var plain = LayerUnpacker.Unpack(new MemoryStream(tar), Path.Join(scratch.Path, "plain"), options);
        Assert.True(plain.DiffIdFromCaller);
        Assert.Equal(diffId, plain.DiffId);

        // A compressed stream is never the raw digest's bytes: it is hashed, and a wrong claim shows.
        Directory.CreateDirectory(Path.Join(scratch.Path, "gzip"));
        var lie = Digest.Of("not this layer"u8);
        var gzip = LayerUnpacker.Unpack(new MemoryStream(TarBuilder.Gzip(tar)), Path.Join(scratch.Path, "gzip"), new UnpackOptions { RawDigestIsDiffId = lie });
        Assert.False(gzip.DiffIdFromCaller);
        Assert.Equal(diffId, gzip.DiffId);
    }

    [Fact]
    public void ACompressedBlobWhoseDigestIsClaimedAsTheDiffIdIsRefused()
    {
        // A manifest that names a gzip blob by the DiffID: the blob check passes for the blob, but the
        // unpacked content hashes to something else, and the layer is refused.
        var gzip = TarBuilder.Gzip(tar);
        var claimed = Digest.Of(gzip);
        var refused = Assert.Throws<BerthException>(() => layers.Unpack(claimed, () => new MemoryStream(gzip), claimed, () => { }));
        Assert.Contains("does not match its DiffID", refused.Message);
        Assert.False(layers.IsUnpacked(claimed));
    }
}
