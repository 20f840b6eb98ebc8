using Berth.Images.Content;

namespace Berth.Images.Layers;

/// <summary>The layer tar that <see cref="LayerWriter"/> wrote.</summary>
/// <param name="DiffId">sha256 of the uncompressed tar as written.</param>
/// <param name="Size">Bytes of tar written.</param>
public sealed record LayerWriteResult(Digest DiffId, long Size);
