namespace Berth.Images.Store;

/// <summary>Records where an image was pushed: later pushes of the same blobs can mount from there.</summary>
public sealed class ImageRecorder(ImageStore store)
{
    /// <summary>Adds "repo@digest" to an image after a push.</summary>
    public void AddRepoDigest(Berth.Images.Content.Digest imageId, string repoDigest) => store.Update(index =>
    {
        if (index.Images.TryGetValue(imageId.Value, out var entry) && !entry.RepoDigests.Contains(repoDigest))
            index.Images[imageId.Value] = entry with { RepoDigests = [.. entry.RepoDigests, repoDigest] };
        return 0;
    });
}
