using Berth.Images.Content;
using Berth.Images.Oci;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Sys.Errors;

namespace Berth.Registry.Client;

/// <summary>
/// `berth push`: every blob the manifest names is checked with HEAD first, mounted from another
/// repository of the same registry when the image came from one, else uploaded (in chunks when
/// large), in parallel; then the manifest is put under the tag.
/// </summary>
public sealed class ImagePusher(ImageStore store, RepositoryApi repository, ITransferProgress progress)
{
    public const long ChunkSize = 64L << 20;
    public const int Parallelism = 3;

    public async Task<(Digest Digest, int Size)> Push(ImageReference reference, CancellationToken cancel)
    {
        var image = store.Get(reference.ToString());
        var body = store.Content.ReadVerified(Digest.Parse(image.Entry.Manifest));
        var manifest = ImagesJson.Parse(body, ImagesJson.Default.Manifest, $"manifest of {reference}");
        progress.Line($"The push refers to repository [{reference.Repository}]");
        var mountSources = image.Entry.RepoDigests
            .Select(r => r[..r.IndexOf('@')])
            .Where(r => r.StartsWith(reference.Domain + "/", StringComparison.Ordinal) && r != reference.Repository)
            .Select(r => r[(reference.Domain.Length + 1)..]).Distinct().ToList();
        var blobs = manifest.Layers.Append(manifest.Config).ToList();
        foreach (var layer in manifest.Layers) progress.Layer(Digest.Parse(layer.Digest), "Preparing");
        using var gate = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(blobs.Select(async blob =>
        {
            await gate.WaitAsync(cancel);
            try { await PushBlob(blob, mountSources, blob == manifest.Config, cancel); }
            finally { gate.Release(); }
        }));
        var tag = reference.Tag ?? ImageReference.DefaultTag;
        var mediaType = image.Entry.ManifestMediaType is { Length: > 0 } t ? t : manifest.MediaType ?? MediaTypes.OciManifest;
        var digest = await repository.PutManifest(tag, body, mediaType, cancel);
        new ImageRecorder(store).AddRepoDigest(image.Id, $"{reference.Repository}@{digest}");
        progress.Line($"{tag}: digest: {digest} size: {body.Length}");
        return (digest, body.Length);
    }

    async Task PushBlob(Descriptor blob, IReadOnlyList<string> mountSources, bool isConfig, CancellationToken cancel)
    {
        var digest = Digest.Parse(blob.Digest);
        if (!store.Content.Exists(digest)) throw BerthException.NotFound($"blob {digest} of this image is not in the local store: pull or rebuild the image");
        if (await repository.BlobExists(digest, cancel))
        {
            if (!isConfig) progress.Layer(digest, "Layer already exists");
            return;
        }
        Uri? location = null;
        foreach (var source in mountSources)
        {
            location = await repository.StartUpload(digest, source, cancel);
            if (location is null)
            {
                if (!isConfig) progress.Layer(digest, $"Mounted from {source}");
                return;
            }
            break;
        }
        location ??= await repository.StartUpload(digest, null, cancel);
        var size = store.Content.SizeOf(digest);
        if (!isConfig) progress.Layer(digest, size > ChunkSize ? $"Pushing in {(size + ChunkSize - 1) / ChunkSize} chunks" : "Pushing");
        await Upload(location!, digest, isConfig ? null : done => progress.Bytes(digest, "Pushing", done, size), cancel);
        if (!isConfig) progress.Layer(digest, "Pushed");
    }

    async Task Upload(Uri location, Digest digest, Action<long>? sent, CancellationToken cancel)
    {
        var path = store.Content.PathOf(digest);
        var size = store.Content.SizeOf(digest);
        if (size <= ChunkSize)
        {
            await repository.FinishUpload(location, digest, () => FileSlice(path, 0, size, sent), size, cancel);
            return;
        }
        for (long offset = 0; offset < size; offset += ChunkSize)
        {
            var length = Math.Min(ChunkSize, size - offset);
            var start = offset;
            Action<long>? chunkSent = sent is null ? null : done => sent(start + done);
            location = await repository.UploadChunk(location, () => FileSlice(path, start, length, chunkSent), start, length, cancel);
        }
        await repository.FinishUpload(location, digest, null, 0, cancel);
    }

    static HttpContent FileSlice(string path, long offset, long length, Action<long>? read)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        file.Seek(offset, SeekOrigin.Begin);
        return new StreamContent(new BoundedStream(file, length, read), 1 << 20);
    }
}
