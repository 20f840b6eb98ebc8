using Berth.Images.Content;

namespace Berth.Images.Layers;

/// <summary>What unpacking a layer found out about it.</summary>
/// <param name="DiffId">sha256 of the uncompressed tar stream, read to its end: the layer's DiffID in the image config.</param>
/// <param name="Size">Bytes of file content written: the layer's size as docker reports it.</param>
/// <param name="UncompressedLength">Bytes in the uncompressed tar stream.</param>
/// <param name="DiffIdFromCaller">The DiffID is <see cref="UnpackOptions.RawDigestIsDiffId"/>, not hashed here: the caller's check of the raw stream must pass before the layer is used.</param>
public sealed record UnpackResult(Digest DiffId, long Size, long UncompressedLength, bool DiffIdFromCaller = false);
