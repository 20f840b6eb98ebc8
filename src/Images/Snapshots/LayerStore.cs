using Berth.Images.Content;
using Berth.Images.Layers;
using Berth.Sys.Errors;

namespace Berth.Images.Snapshots;

/// <summary>
/// Unpacked layers, one read-only directory per DiffID, shared by every image and container that
/// uses the layer: layers/HEX/diff. overlayfs stacks them as lowerdirs; with overlay a layer's
/// unpacked form does not depend on its parents, so the DiffID alone names it. Short links in l/
/// keep the overlay mount options under one page for deep images.
/// </summary>
public sealed class LayerStore
{
    public const int LinkLength = 12;
    readonly string _layers;
    readonly string _links;

    public LayerStore(string root)
    {
        _layers = Path.Combine(root, "layers");
        _links = Path.Combine(root, "l");
    }

    /// <summary>The directory relative lowerdir names in <see cref="LowerDirs"/> are relative to.</summary>
    public string OverlayBase => Path.GetDirectoryName(_links)!;

    public string DiffPath(Digest diffId) => Path.Combine(_layers, diffId.Hex, "diff");
    public bool IsUnpacked(Digest diffId) => Directory.Exists(DiffPath(diffId));

    public long SizeOf(Digest diffId) =>
        long.TryParse(TryRead(Path.Combine(_layers, diffId.Hex, "size")), out var size) ? size : 0;

    /// <summary>
    /// Unpacks a layer unless it is already there. The layer goes to a temp directory first and is
    /// renamed into place whole, so a crash or a refused layer never leaves a partial one visible.
    /// </summary>
    public long Unpack(Digest expectedDiffId, Func<Stream> openBlob) => Unpack(expectedDiffId, openBlob, null, null);

    /// <summary>
    /// Unpacks a layer as its blob downloads. <paramref name="verifyBlob"/> finishes the download and
    /// checks the blob against <paramref name="blobDigest"/>; it runs before the layer becomes visible.
    /// When that digest is the DiffID (the blob is the uncompressed tar), its check is the DiffID's
    /// check too, and the layer is not hashed a second time. A layer already unpacked returns at once,
    /// without calling <paramref name="verifyBlob"/>.
    /// </summary>
    public long Unpack(Digest expectedDiffId, Func<Stream> openBlob, Digest? blobDigest, Action? verifyBlob)
    {
        if (IsUnpacked(expectedDiffId)) return SizeOf(expectedDiffId);
        var options = verifyBlob is not null && blobDigest == expectedDiffId ? new UnpackOptions { RawDigestIsDiffId = expectedDiffId } : null;
        Directory.CreateDirectory(_layers);
        var temp = Path.Combine(_layers, $".tmp-{expectedDiffId.Hex[..12]}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(temp, "diff"));
            UnpackResult result;
            using (var blob = openBlob()) result = LayerUnpacker.Unpack(blob, Path.Combine(temp, "diff"), options);
            if (result.DiffId != expectedDiffId)
                throw BerthException.Invalid($"layer content does not match its DiffID: expected {expectedDiffId}, got {result.DiffId}");
            verifyBlob?.Invoke();
            File.WriteAllText(Path.Combine(temp, "size"), result.Size.ToString());
            Publish(temp, expectedDiffId);
            return result.Size;
        }
        finally
        {
            if (Directory.Exists(temp)) RemoveTree(temp);
        }
    }

    /// <summary>Unpacks a layer whose DiffID is only known once it is read (import, load of unknown layers).</summary>
    public (Digest DiffId, long Size) UnpackNew(Func<Stream> openBlob)
    {
        Directory.CreateDirectory(_layers);
        var temp = Path.Combine(_layers, $".tmp-new-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(temp, "diff"));
            UnpackResult result;
            using (var blob = openBlob()) result = LayerUnpacker.Unpack(blob, Path.Combine(temp, "diff"));
            if (!IsUnpacked(result.DiffId))
            {
                File.WriteAllText(Path.Combine(temp, "size"), result.Size.ToString());
                Publish(temp, result.DiffId);
            }
            return (result.DiffId, result.Size);
        }
        finally
        {
            if (Directory.Exists(temp)) RemoveTree(temp);
        }
    }

    /// <summary>
    /// A directory in which a layer is made in place (a build step's overlay upperdir is its diff/),
    /// on the store's filesystem so that <see cref="PublishScratch"/> is a rename. A crash leaves a
    /// ".tmp-" directory, which <see cref="RemoveAbandoned"/> clears.
    /// </summary>
    public string NewScratch()
    {
        var scratch = Path.Combine(_layers, $".tmp-build-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(scratch, "diff"));
        return scratch;
    }

    /// <summary>Publishes a scratch directory whose diff/ is already in unpacked form as the layer <paramref name="diffId"/>.</summary>
    public void PublishScratch(string scratch, Digest diffId, long size)
    {
        foreach (var dir in Directory.EnumerateDirectories(scratch).Where(d => Path.GetFileName(d) != "diff").ToList()) RemoveTree(dir);
        File.WriteAllText(Path.Combine(scratch, "size"), size.ToString());
        if (IsUnpacked(diffId)) RemoveTree(scratch);
        else Publish(scratch, diffId);
        if (Directory.Exists(scratch)) RemoveTree(scratch);
    }

    void Publish(string temp, Digest diffId)
    {
        Directory.CreateDirectory(_links);
        var link = Path.Combine(_links, diffId.Hex[..LinkLength]);
        if (!Path.Exists(link)) File.CreateSymbolicLink(link, $"../layers/{diffId.Hex}/diff");
        try
        {
            Directory.Move(temp, Path.Combine(_layers, diffId.Hex));
        }
        catch (IOException) when (IsUnpacked(diffId))
        {
            // Another process unpacked the same layer first; theirs is identical.
        }
    }

    /// <summary>overlay lowerdir value for layers listed bottom-first, relative to <see cref="OverlayBase"/>.</summary>
    public string LowerDirs(IReadOnlyList<Digest> diffIds) =>
        string.Join(':', diffIds.Reverse().Select(d => $"l/{d.Hex[..LinkLength]}"));

    public IEnumerable<Digest> List()
    {
        if (!Directory.Exists(_layers)) yield break;
        foreach (var dir in Directory.EnumerateDirectories(_layers))
            if (Digest.TryParse(Digest.Sha256Prefix + Path.GetFileName(dir), out var d)) yield return d;
    }

    public void Remove(Digest diffId)
    {
        var dir = Path.Combine(_layers, diffId.Hex);
        if (!Directory.Exists(dir)) return;
        // Rename first: a half-deleted layer must never look complete to a concurrent reader.
        var doomed = Path.Combine(_layers, $".del-{diffId.Hex[..12]}-{Guid.NewGuid():N}");
        Directory.Move(dir, doomed);
        File.Delete(Path.Combine(_links, diffId.Hex[..LinkLength]));
        RemoveTree(doomed);
    }

    /// <summary>Removes temp and half-deleted directories left by a crash; called under the collection lock.</summary>
    public void RemoveAbandoned()
    {
        if (!Directory.Exists(_layers)) return;
        foreach (var dir in Directory.EnumerateDirectories(_layers, ".*")) RemoveTree(dir);
    }

    /// <summary>Deletes a tree that may hold read-only directories and overlay whiteouts.</summary>
    public static void RemoveTree(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            foreach (var dir in Directory.EnumerateDirectories(path, "*", SearchOption.AllDirectories))
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException) { }
    }

    static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
    }
}
