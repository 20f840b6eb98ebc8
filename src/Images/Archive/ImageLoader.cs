using Berth.Images.Ingest;
using Berth.Images.Store;

namespace Berth.Images.Archive;

/// <summary>
/// `load`: docker save output (manifest.json, legacy or with blobs/), OCI image layouts
/// (index.json), either of them gzip- or zstd-compressed. Everything is written and checked
/// through one <see cref="ImageIngest"/>; a refused archive records no image.
/// </summary>
public sealed class ImageLoader(ImageStore store)
{
    public IReadOnlyList<LoadedImage> Load(Stream input)
    {
        using var ingest = ImageIngest.Begin(store);
        var spool = ArchiveSpool.Read(input, ingest);
        // docker writes both since v25; its manifest.json is what every docker version reads.
        if (spool.Contains("manifest.json")) return new DockerArchiveLoad(spool, ingest).Run();
        if (spool.Contains("index.json")) return new OciLayoutLoad(spool, ingest).Run();
        throw ArchiveSpool.Invalid("it has neither manifest.json (docker save) nor index.json (OCI layout)");
    }
}
