using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>
/// Bad archives and crashes: a truncated, corrupt or not-a-tar archive, a digest mismatch, a
/// manifest naming a missing blob, an escaping layer, a full disk, kill -9 in the middle of load
/// and commit, and prune running during a load. Each gets one clear line and leaves the store as it was
/// (or as the next command repairs it).
/// </summary>
public sealed class ImageFaultTests(BerthFixture berth) : IClassFixture<BerthFixture>, IDisposable
{
    readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    static string UniqueRepo() => "it/fault-" + Guid.NewGuid().ToString("N")[..8];

    static string Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>A docker-archive with one image of one layer, built by hand so that each part can be broken.</summary>
    static byte[] Archive(byte[] layer, string? diffId = null, string? layerName = null, bool withLayer = true, string? configName = null)
    {
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:{{{diffId ?? Hex(layer)}}}"]}}""");
        var configPath = configName ?? $"blobs/sha256/{Hex(config)}";
        var layerPath = layerName ?? $"blobs/sha256/{Hex(layer)}";
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            Add(writer, configPath, config);
            if (withLayer) Add(writer, layerPath, layer);
            Add(writer, "manifest.json", Encoding.UTF8.GetBytes($$"""[{"Config":"{{configPath}}","RepoTags":["it/fault:hand"],"Layers":["{{layerPath}}"]}]"""));
        }
        return output.ToArray();
    }

    static void Add(TarWriter writer, string name, byte[] data) =>
        writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });

    static byte[] LayerOf(params (string Name, string Content)[] files)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
            foreach (var (name, content) in files) Add(writer, name, Encoding.UTF8.GetBytes(content));
        return output.ToArray();
    }

    /// <summary>Loads <paramref name="archive"/>, expects it refused with a message containing <paramref name="expected"/>, and the store untouched.</summary>
    void AssertRefused(byte[] archive, string expected)
    {
        var storeBefore = berth.StoreEntries();
        var imagesBefore = berth.Run("images", "-q", "--no-trunc").Ok().Stdout;

        var result = berth.Run(["load"], archive);

        Assert.Equal(1, result.Exit);
        Assert.StartsWith("Error: ", result.Stderr);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(storeBefore, berth.StoreEntries());
        Assert.Equal(imagesBefore, berth.Run("images", "-q", "--no-trunc").Ok().Stdout);
    }

    byte[] SavedImage(string reference)
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c", $"head -c 3000000 /dev/urandom > /random && echo made > /made").Ok();
        berth.Run("commit", name, reference).Ok();
        berth.Run("rm", name).Ok();
        var archive = berth.Run(["save", reference], null).Ok().StdoutBytes;
        berth.Run("rmi", reference).Ok();
        return archive;
    }

    [Fact]
    public void TruncatedArchiveIsRefusedAndTheStoreIsUnchanged()
    {
        var archive = SavedImage(UniqueRepo() + ":t");

        AssertRefused(archive[..(archive.Length / 2)], "invalid image archive");
    }

    [Fact]
    public void NotATarIsRefused()
    {
        AssertRefused(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("this is not a tar archive at all\n", 100))), "invalid image archive");
        AssertRefused([], "invalid image archive");
    }

    [Fact]
    public void TarWithoutAnImageIsRefused()
    {
        AssertRefused(LayerOf(("hello.txt", "hi")), "neither manifest.json (docker save) nor index.json (OCI layout)");
    }

    [Fact]
    public void BlobWhoseContentDoesNotMatchItsNameIsRefused()
    {
        var layer = LayerOf(("a", "a"));
        var wrongName = "blobs/sha256/" + Hex(LayerOf(("b", "b")));

        AssertRefused(Archive(layer, layerName: wrongName), "does not match its digest");
    }

    [Fact]
    public void LegacyConfigWhoseContentDoesNotMatchItsNameIsRefused()
    {
        AssertRefused(Archive(LayerOf(("a", "a")), configName: new string('a', 64) + ".json"), "does not match its digest");
    }

    [Fact]
    public void LayerThatDoesNotMatchTheConfigDiffIdIsRefused()
    {
        AssertRefused(Archive(LayerOf(("a", "a")), diffId: new string('0', 64)), "does not match its DiffID");
    }

    [Fact]
    public void ManifestNamingAMissingLayerIsRefused()
    {
        AssertRefused(Archive(LayerOf(("a", "a")), withLayer: false), "missing");
    }

    [Fact]
    public void LayerThatEscapesItsRootIsRefused()
    {
        var marker = "berth-escape-" + Guid.NewGuid().ToString("N")[..8];
        var layer = LayerOf(("../../../../../../tmp/" + marker, "escaped"));

        AssertRefused(Archive(layer), "layer");

        Assert.False(File.Exists("/tmp/" + marker));
    }

    [Fact]
    public void FullDiskDuringLoadLeavesNothingPartial()
    {
        var archive = SavedImage(UniqueRepo() + ":full");
        var root = _files.Sub("small-root");
        Directory.CreateDirectory(root);
        berth.RunProgram("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", root]).Ok();
        try
        {
            var file = _files.Sub("full.tar");
            File.WriteAllBytes(file, archive);
            var result = berth.Run("--root", root, "load", "-i", file);

            Assert.Equal(1, result.Exit);
            Assert.Contains("No space left on device", result.Stderr);
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Empty(Directory.Exists(Path.Combine(root, "content", "ingest")) ? Directory.GetFiles(Path.Combine(root, "content", "ingest")) : []);
            Assert.Equal("", berth.Run("--root", root, "images", "-q").Ok().Stdout);
        }
        finally
        {
            berth.RunProgram("umount", [root]);
        }
    }

    [Fact]
    public void FullDiskDuringCommitLeavesNothingPartial()
    {
        var root = _files.Sub("small-commit-root");
        Directory.CreateDirectory(root);
        berth.RunProgram("mount", ["-t", "tmpfs", "-o", "size=12m", "tmpfs", root]).Ok();
        var name = BerthFixture.UniqueName();
        try
        {
            var tarball = _files.Sub("bb.tar");
            BerthFixture.WriteBusyboxRootfs(tarball);
            berth.Run("--root", root, "import", tarball, "bb").Ok();
            // 5 MB of change fits in the upperdir once, not twice more (layer blob and unpacked layer).
            berth.Run("--root", root, "run", "--name", name, "bb", "sh", "-c", "head -c 5000000 /dev/urandom > /big").Ok();
            var imagesBefore = berth.Run("--root", root, "images", "-q", "--no-trunc").Ok().Stdout;

            var result = berth.Run("--root", root, "commit", name, "it/full:commit");

            Assert.Equal(1, result.Exit);
            Assert.Contains("No space left on device", result.Stderr);
            Assert.Equal(imagesBefore, berth.Run("--root", root, "images", "-q", "--no-trunc").Ok().Stdout);
            Assert.Empty(Directory.GetFiles(Path.Combine(root, "content", "ingest")));
            Assert.Empty(Directory.GetDirectories(Path.Combine(root, "layers"), ".tmp-*"));
        }
        finally
        {
            berth.Run("--root", root, "rm", "-f", name);
            berth.RunProgram("umount", [root]);
        }
    }

    /// <summary>Starts `berth load` fed by the test, and writes <paramref name="firstBytes"/> of the archive to it.</summary>
    Process StartLoad(byte[] archive, int firstBytes)
    {
        var load = berth.Start("load");
        load.StandardInput.BaseStream.Write(archive, 0, firstBytes);
        load.StandardInput.BaseStream.Flush();
        // The load is in flight once its first blob is being written.
        Poll.Until(() => Directory.Exists(Path.Combine(berth.Root, "content", "ingest")) && Directory.GetFiles(Path.Combine(berth.Root, "content", "ingest")).Length > 0,
            TimeSpan.FromSeconds(60), "load to start writing a blob");
        return load;
    }

    [Fact]
    public void KillDuringLoadLeavesAStoreTheNextCommandsUseAndClean()
    {
        var reference = UniqueRepo() + ":killed";
        var archive = SavedImage(reference);
        using var load = StartLoad(archive, archive.Length / 2);

        load.Kill();
        load.WaitForExit();

        Assert.DoesNotContain(reference, berth.Run("images", "--format", "{{.Repository}}:{{.Tag}}").Ok().Stdout);
        berth.Run(["load"], archive).Ok();
        Assert.Equal("made\n", berth.Run("run", "--rm", reference, "cat", "/made").Ok().Stdout);
        berth.Run("image", "prune", "-f").Ok();
        Assert.DoesNotContain(berth.StoreEntries(), e => e.StartsWith("content/ingest/"));
    }

    [Fact]
    public void PruneDuringALoadNeverTakesItsBlobs()
    {
        var reference = UniqueRepo() + ":concurrent";
        var archive = SavedImage(reference);
        using var load = StartLoad(archive, archive.Length / 2);
        // Not -a: busybox, which no container uses now, is the fixture's; the sweep runs all the same.
        using var prune = berth.Start("image", "prune", "-f");

        load.StandardInput.BaseStream.Write(archive, archive.Length / 2, archive.Length - archive.Length / 2);
        load.StandardInput.Close();
        Assert.True(load.WaitForExit(60_000), "load did not finish");
        Assert.True(prune.WaitForExit(60_000), "prune did not finish");

        Assert.Equal(0, load.ExitCode);
        Assert.Equal(0, prune.ExitCode);
        Assert.Equal("made\n", berth.Run("run", "--rm", reference, "cat", "/made").Ok().Stdout);
    }

    [Fact]
    public void KillDuringCommitLeavesNoImageAndTheNextCommitWorks()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c", "head -c 60000000 /dev/urandom > /big").Ok();
        var reference = UniqueRepo() + ":killed-commit";
        using var commit = berth.Start("commit", name, reference);
        Poll.Until(() => commit.HasExited || Directory.Exists(Path.Combine(berth.Root, "content", "ingest")) && Directory.GetFiles(Path.Combine(berth.Root, "content", "ingest")).Length > 0,
            TimeSpan.FromSeconds(60), "commit to start writing its layer");
        commit.Kill();
        commit.WaitForExit();

        // Killed mid-write (no image) or, on a fast machine, already done: either way the next commit works.
        berth.Run("commit", name, reference).Ok();
        Assert.Equal("60000000\n", berth.Run("run", "--rm", reference, "sh", "-c", "wc -c < /big").Ok().Stdout);
        berth.Run("rm", name).Ok();
        berth.Run("image", "prune", "-f").Ok();
        Assert.DoesNotContain(berth.StoreEntries(), e => e.StartsWith("content/ingest/"));
    }

    [Fact]
    public void LeftoversOfAKilledPruneAreRepairedByTheNext()
    {
        // What a prune killed between renaming a layer away and deleting it leaves behind.
        var doomed = Path.Combine(berth.Root, "layers", ".del-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(doomed, "diff", "etc"));
        File.WriteAllText(Path.Combine(doomed, "diff", "etc", "x"), "x");

        Assert.Equal("hi\n", berth.Run("run", "--rm", BerthFixture.Image, "echo", "hi").Ok().Stdout);
        berth.Run("image", "prune", "-f").Ok();

        Assert.False(Directory.Exists(doomed));
    }
}
