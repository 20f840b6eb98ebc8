using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>
/// image prune [-a], system prune [-a] [--volumes] and system df: what nothing uses goes, with its
/// blobs and unpacked layers; what an image or a container uses stays.
/// </summary>
public sealed class PruneTests(BerthFixture berth, BusyboxTarball busybox) : IClassFixture<BerthFixture>, IClassFixture<BusyboxTarball>, IDisposable
{
    readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    static string UniqueRepo() => "it/prune-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Imports a busybox rootfs with a unique file: an image whose layer no other image shares. Returns (ID, DiffID hex).</summary>
    (string Id, string Layer) ImportUnique(string? reference)
    {
        var tarball = Tarballs.UniqueCopy(busybox.Path, _files.Sub(Guid.NewGuid().ToString("N") + ".tar"));
        var id = berth.Run(reference is null ? ["import", tarball] : ["import", tarball, reference], null).Ok().Stdout.Trim();
        File.Delete(tarball);
        return (id, berth.Inspect(id, "{{index .RootFS.Layers 0}}")[7..]);
    }

    bool LayerUnpacked(string layer) => Directory.Exists(Path.Combine(berth.Root, "layers", layer));

    bool ImageExists(string id) => berth.Run("image", "inspect", id).Exit == 0;

    [Fact]
    public void ImagePruneRemovesDanglingImagesAndTheirLayersOnly()
    {
        var (dangling, danglingLayer) = ImportUnique(null);
        var tagged = UniqueRepo() + ":kept";
        var (keptId, keptLayer) = ImportUnique(tagged);

        var output = berth.Run("image", "prune", "-f").Ok().Stdout;

        Assert.Contains($"Deleted Images:\ndeleted: {dangling}\n", output);
        Assert.Matches(@"Total reclaimed space: [1-9][0-9.]*MB\n$", output);
        Assert.False(ImageExists(dangling));
        Assert.False(LayerUnpacked(danglingLayer));
        Assert.False(File.Exists(Path.Combine(berth.Root, "content", "blobs", "sha256", dangling[7..])));
        Assert.True(ImageExists(keptId));
        Assert.True(LayerUnpacked(keptLayer));
    }

    [Fact]
    public void ImagePruneAllKeepsWhatContainersUse()
    {
        var holdBusybox = berth.CreateSleeping();
        var used = UniqueRepo() + ":used";
        var unused = UniqueRepo() + ":unused";
        var (usedId, _) = ImportUnique(used);
        var (unusedId, unusedLayer) = ImportUnique(unused);
        var container = BerthFixture.UniqueName();
        berth.Run("create", "--name", container, used, "echo", "still-runs").Ok();

        var output = berth.Run("image", "prune", "-a", "-f").Ok().Stdout;

        Assert.Contains($"untagged: {unused}\ndeleted: {unusedId}\n", output);
        Assert.False(ImageExists(unusedId));
        Assert.False(LayerUnpacked(unusedLayer));
        Assert.True(ImageExists(usedId));
        Assert.True(ImageExists(BerthFixture.Image));
        Assert.Equal("still-runs\n", berth.Run("start", "-a", container).Ok().Stdout);
        berth.Run("rm", container, holdBusybox).Ok();
    }

    [Fact]
    public void LayersOfAStoppedContainerSurviveTheRemovalOfItsImage()
    {
        var holdBusybox = berth.CreateSleeping(); // prune -a would take the fixture's image too
        var reference = UniqueRepo() + ":forced";
        var (_, layer) = ImportUnique(reference);
        var container = BerthFixture.UniqueName();
        berth.Run("create", "--name", container, reference, "cat", "/etc/unique").Ok();
        berth.Run("rmi", "-f", reference).Ok();

        berth.Run("image", "prune", "-a", "-f").Ok();

        Assert.True(LayerUnpacked(layer));
        Assert.Equal(0, berth.Run("start", "-a", container).Exit);
        berth.Run("rm", container, holdBusybox).Ok();
        berth.Run("image", "prune", "-f").Ok();
        Assert.False(LayerUnpacked(layer));
    }

    [Fact]
    public void ImagePruneAsksFirstAndNoKeepsEverything()
    {
        var (dangling, _) = ImportUnique(null);

        var output = berth.Run(["image", "prune"], "n\n"u8.ToArray()).Ok().Stdout;

        Assert.StartsWith("WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ", output);
        Assert.True(ImageExists(dangling));
        berth.Run(["image", "prune"], "y\n"u8.ToArray()).Ok();
        Assert.False(ImageExists(dangling));
    }

    [Fact]
    public void SystemPruneRemovesStoppedContainersDanglingImagesAndWithVolumesAnonymousVolumes()
    {
        var running = berth.RunSleeping();
        var stopped = BerthFixture.UniqueName();
        berth.Run("run", "--name", stopped, "-v", "/anon", BerthFixture.Image, "true").Ok();
        var stoppedId = berth.Id(stopped);
        var volume = berth.Inspect(stopped, "{{(index .Mounts 0).Name}}");
        var named = "it-named-" + Guid.NewGuid().ToString("N")[..8];
        berth.Run("volume", "create", named).Ok();
        var (dangling, _) = ImportUnique(null);

        var output = berth.Run("system", "prune", "--volumes", "-f").Ok().Stdout;

        Assert.Contains($"Deleted Containers:\n{stoppedId}\n", output);
        Assert.Contains($"Deleted Volumes:\n{volume}\n", output);
        Assert.Contains($"deleted: {dangling}\n", output);
        Assert.Contains("Total reclaimed space: ", output);
        Assert.Equal(0, berth.Run("inspect", running).Exit);
        Assert.NotEqual(0, berth.Run("inspect", stopped).Exit);
        Assert.Equal(0, berth.Run("volume", "inspect", named).Exit);
        Assert.True(ImageExists(BerthFixture.Image));
        berth.Run("rm", "-f", running).Ok();
        berth.Run("volume", "rm", named).Ok();
    }

    [Fact]
    public void SystemDfCountsSharedLayersOnceAndListsImages()
    {
        var reference = UniqueRepo() + ":df";
        berth.Run("tag", BerthFixture.Image, reference).Ok();

        var summary = berth.Run("system", "df", "--format", "{{.Type}} {{.TotalCount}}").Ok().Lines;
        var verbose = berth.Run("system", "df", "-v").Ok().Stdout;

        Assert.Contains("Images space usage:", verbose);
        Assert.Contains("SHARED SIZE", verbose);
        var row = verbose.Split('\n').First(l => l.StartsWith(reference.Split(':')[0]));
        Assert.Contains("df", row);
        Assert.StartsWith("Images ", summary[0]);
        berth.Run("rmi", reference).Ok();
    }
}
