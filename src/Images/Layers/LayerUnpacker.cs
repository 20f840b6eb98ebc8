using System.IO.Compression;
using Berth.Images.Layers.Tar;
using Berth.Images.Layers.Unpack;
using ZstdSharp;

namespace Berth.Images.Layers;

/// <summary>
/// Unpacks an image layer (a tar stream, plain, gzip or zstd) into a directory that overlayfs then
/// uses as a read-only lowerdir. Layers are untrusted: a hostile entry refuses the whole layer, and
/// nothing is ever written outside the target directory.
/// </summary>
public static class LayerUnpacker
{
    /// <summary>
    /// Unpacks <paramref name="layer"/> into <paramref name="targetDirectory"/>, a fresh empty directory.
    /// On any exception the caller deletes that directory: it may hold part of the layer.
    /// </summary>
    /// <exception cref="Berth.Sys.Errors.BerthException">InvalidArgument when the layer is refused or corrupt.</exception>
    public static UnpackResult Unpack(Stream layer, string targetDirectory, UnpackOptions? options = null)
    {
        options ??= new UnpackOptions();
        try
        {
            using var tar = LayerDecompression.Open(layer, out var compressed);
            using var reader = new LayerTarReader(tar, compressed ? null : options.RawDigestIsDiffId);
            using var tree = new TargetTree(targetDirectory);
            return new UnpackSession(reader, tree, owners: !options.IgnoreOwnership).Run();
        }
        catch (Exception e) when (e is InvalidDataException or ZstdException or EndOfStreamException)
        {
            throw LayerRefusal.Corrupt(e.Message, e);
        }
    }
}
