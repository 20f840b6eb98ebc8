using Berth.Images.Content;
using Berth.Images.Oci;

namespace Berth.Images.Archive;

/// <summary>A layer blob's OCI media type from its first bytes: archives do not say whether a layer is compressed.</summary>
static class LayerMediaType
{
    public static string Sniff(ContentStore content, Digest blob)
    {
        using var file = content.OpenRead(blob);
        Span<byte> head = stackalloc byte[4];
        var length = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        return head[..length] switch
        {
            [0x1f, 0x8b, ..] => MediaTypes.OciLayerGzip,
            [0x28, 0xb5, 0x2f, 0xfd] => MediaTypes.OciLayerZstd,
            _ => MediaTypes.OciLayer,
        };
    }
}
