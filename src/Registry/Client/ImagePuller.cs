using Berth.Images.Content;
using Berth.Images.Ingest;
using Berth.Images.Oci;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Sys.Errors;

namespace Berth.Registry.Client;

/// <summary>
/// `berth pull`: resolve the reference (an index to this platform's manifest), fetch the config and
/// the layers in parallel, each verified by digest and unpacked as soon as it lands, then record
/// the image. Blobs already stored are skipped; an interrupted download resumes with Range. The
/// store's lease is held throughout so garbage collection cannot take blobs not yet recorded.
/// </summary>
public sealed class ImagePuller(ImageStore store, RepositoryApi repository, ITransferProgress progress, PlatformSelector platform)
{
    public const int Parallelism = 3;

    public async Task<Digest> Pull(ImageReference reference, CancellationToken cancel)
    {
        var target = reference.Digest?.Value ?? reference.Tag ?? ImageReference.DefaultTag;
        progress.Line($"{target}: Pulling from {reference.Path}");
        using var ingest = ImageIngest.Begin(store);
        var (body, mediaType, resolved) = await repository.GetManifest(target, cancel);
        if (MediaTypes.IsIndex(mediaType))
        {
            var chosen = platform.Select(body);
            (body, mediaType, _) = await repository.GetManifest(chosen.Digest, cancel);
        }
        if (!MediaTypes.IsManifest(mediaType)) throw BerthException.Invalid($"{reference}: unsupported manifest type {mediaType}");
        var manifest = ImagesJson.Parse(body, ImagesJson.Default.Manifest, $"manifest of {reference}");
        var configDigest = Digest.Parse(manifest.Config.Digest);
        await Download(new Descriptor { Digest = configDigest.Value, Size = manifest.Config.Size }, silent: true, cancel);
        var config = ImagesJson.Parse(store.Content.ReadVerified(configDigest), ImagesJson.Default.ImageConfig, $"config of {reference}");
        var diffIds = config.RootFs.DiffIds.Select(Digest.Parse).ToList();
        if (diffIds.Count != manifest.Layers.Count)
            throw BerthException.Invalid($"{reference}: the manifest has {manifest.Layers.Count} layers, the config {diffIds.Count}");
        // Every layer gets its line up front, in manifest order, as docker's do; the ones waiting for a slot say so.
        var present = manifest.Layers.Select((layer, i) => store.Layers.IsUnpacked(diffIds[i]) && store.Content.Exists(Digest.Parse(layer.Digest))).ToList();
        for (var i = 0; i < manifest.Layers.Count; i++)
            progress.Layer(Digest.Parse(manifest.Layers[i].Digest), present[i] ? "Already exists" : "Pulling fs layer");
        await RunLimited(manifest.Layers.Select((layer, i) => (Func<Task<long>>)(() => PullLayer(layer, diffIds[i], present[i], cancel))));
        // The layers are unpacked already: Register re-checks the manifest and config and records the image.
        var image = ingest.Register(ingest.WriteBlob(body), new IngestOptions
        {
            Tags = reference.Digest is null ? [reference] : [],
            RepoDigests = [$"{reference.Repository}@{resolved}"],
        });
        progress.Line($"Digest: {resolved}");
        return image.Id;
    }

    async Task<long> PullLayer(Descriptor layer, Digest diffId, bool present, CancellationToken cancel)
    {
        var digest = Digest.Parse(layer.Digest);
        if (present) return store.Layers.SizeOf(diffId);
        var size = store.Content.Exists(digest)
            ? await Extract(digest, diffId, cancel)
            : await DownloadAndUnpack(layer, diffId, cancel);
        progress.Layer(digest, "Pull complete");
        return size;
    }

    /// <summary>
    /// Unpacks the layer from the download as it arrives, storing the blob in the same pass. The
    /// blob's digest is checked when the last byte is in, before the layer becomes visible; for an
    /// uncompressed layer that check is the DiffID's too (LayerStore), so its bytes are hashed once.
    /// </summary>
    async Task<long> DownloadAndUnpack(Descriptor layer, Digest diffId, CancellationToken cancel)
    {
        var digest = Digest.Parse(layer.Digest);
        using var writer = store.Content.BeginResumableWrite(digest);
        if (store.Content.Exists(digest)) return await Extract(digest, diffId, cancel);
        if (writer.Offset > layer.Size) writer.Restart();
        if (writer.Offset > 0) progress.Layer(digest, $"Resuming download at {writer.Offset} bytes");
        var (response, partial) = await repository.GetBlob(digest, writer.Offset, cancel);
        using (response)
        {
            if (writer.Offset > 0 && !partial) writer.Restart();
            await using var network = await response.Content.ReadAsStreamAsync(cancel);
            var replayed = writer.Offset;
            using var stored = replayed > 0 ? writer.OpenStored() : null;
            var tee = new DownloadTee(stored, replayed, network, writer, layer.Size, done => progress.Bytes(digest, "Downloading", done, layer.Size));
            var blobChecked = false;
            void FinishBlob()
            {
                blobChecked = true;
                tee.Drain();
                progress.Layer(digest, "Verifying Checksum");
                writer.Commit(layer.Size);
            }
            var size = await Task.Run(() =>
            {
                try
                {
                    var unpacked = store.Layers.Unpack(diffId, () => tee, digest, FinishBlob);
                    if (!blobChecked) FinishBlob(); // the layer was unpacked already, by another pull
                    return unpacked;
                }
                catch (BerthException refused) when (refused.Kind == ErrorKind.InvalidArgument && !blobChecked)
                {
                    // Bad bytes in the layer: fetch the rest and check the blob's digest, so that corrupt
                    // transfers (or a corrupt partial download, then discarded) are named as such.
                    FinishBlob();
                    throw;
                }
            }, cancel);
            progress.Layer(digest, "Download complete");
            return size;
        }
    }

    /// <summary>Unpacks a layer whose blob is stored already (an earlier pull stopped after the download).</summary>
    Task<long> Extract(Digest digest, Digest diffId, CancellationToken cancel)
    {
        progress.Layer(digest, "Extracting");
        return Task.Run(() => store.Layers.Unpack(diffId, () => store.Content.OpenRead(digest)), cancel);
    }

    /// <summary>Fetches a blob into the content store, resuming a partial download, refusing a digest or size mismatch.</summary>
    async Task Download(Descriptor descriptor, bool silent, CancellationToken cancel)
    {
        var digest = Digest.Parse(descriptor.Digest);
        if (store.Content.Exists(digest)) return;
        using var writer = store.Content.BeginResumableWrite(digest);
        if (store.Content.Exists(digest)) return;
        if (!silent) progress.Layer(digest, writer.Offset > 0 ? $"Resuming download at {writer.Offset} bytes" : "Pulling fs layer");
        if (writer.Offset > descriptor.Size) writer.Restart();
        if (writer.Offset < descriptor.Size || descriptor.Size == 0)
        {
            var (response, partial) = await repository.GetBlob(digest, writer.Offset, cancel);
            using (response)
            {
                if (writer.Offset > 0 && !partial) writer.Restart();
                await using var body = await response.Content.ReadAsStreamAsync(cancel);
                await CopyBounded(body, writer, descriptor.Size, cancel);
            }
        }
        writer.Commit(descriptor.Size);
        if (!silent) progress.Layer(digest, "Download complete");
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes, so a registry sending more is refused, not stored.</summary>
    static async Task CopyBounded(Stream source, ResumableBlobWriter target, long limit, CancellationToken cancel)
    {
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await source.ReadAsync(buffer, cancel)) > 0)
        {
            if (target.Offset + read > limit) throw BerthException.Invalid($"the registry sent more than the {limit} bytes the manifest declares");
            await target.WriteAsync(buffer.AsMemory(0, read), cancel);
        }
    }

    static async Task<long[]> RunLimited(IEnumerable<Func<Task<long>>> work)
    {
        using var gate = new SemaphoreSlim(Parallelism);
        var tasks = work.Select(async job =>
        {
            await gate.WaitAsync();
            try { return await job(); }
            finally { gate.Release(); }
        }).ToList();
        return await Task.WhenAll(tasks);
    }
}
