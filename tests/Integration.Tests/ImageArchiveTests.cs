using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>save (docker and OCI layouts), load, export and import, and what OCI tools (skopeo, umoci) make of berth's archives.</summary>
public sealed class ImageArchiveTests(BerthFixture berth) : IClassFixture<BerthFixture>, IDisposable
{
    readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    static string UniqueRepo() => "it/arc-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>busybox with /made written and /bin/vi deleted, committed as <paramref name="reference"/>.</summary>
    string CommittedImage(string reference)
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c", "echo made > /made && rm /bin/vi").Ok();
        berth.Run("commit", name, reference).Ok();
        berth.Run("rm", name).Ok();
        return reference;
    }

    static Dictionary<string, byte[]> TarFiles(byte[] archive)
    {
        var files = new Dictionary<string, byte[]>();
        using var reader = new TarReader(new MemoryStream(archive));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null) continue;
            var data = new MemoryStream();
            entry.DataStream.CopyTo(data);
            files[entry.Name] = data.ToArray();
        }
        return files;
    }

    [Fact]
    public void SavingTheSameImageTwiceGivesTheSameBytes()
    {
        var reference = CommittedImage(UniqueRepo() + ":v1");

        foreach (var format in new[] { "docker", "oci" })
        {
            var first = berth.Run(["save", "--format", format, reference], null).Ok().StdoutBytes;
            var file = _files.Sub($"second-{format}.tar");
            berth.Run("save", "--format", format, "-o", file, reference).Ok();

            Assert.Equal(Convert.ToHexString(SHA256.HashData(first)), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))));
        }
    }

    [Fact]
    public void SavedImageLoadsBackWithItsIdTagAndContent()
    {
        var reference = CommittedImage(UniqueRepo() + ":v1");
        var id = berth.Inspect(reference, "{{.Id}}");
        var archive = _files.Sub("saved.tar");
        berth.Run("save", "-o", archive, reference).Ok();
        berth.Run("rmi", reference).Ok();
        Assert.NotEqual(0, berth.Run("image", "inspect", reference).Exit);

        var load = berth.Run("load", "-i", archive).Ok();

        Assert.Equal($"Loaded image: {reference}\n", load.Stdout);
        Assert.Equal(id, berth.Inspect(reference, "{{.Id}}"));
        Assert.Equal("made\n", berth.Run("run", "--rm", reference, "cat", "/made").Ok().Stdout);
        Assert.Equal("gone\n", berth.Run("run", "--rm", reference, "sh", "-c", "test -e /bin/vi && echo present || echo gone").Ok().Stdout);
    }

    [Fact]
    public void DockerArchiveHasManifestJsonAndAnOciIndexAndTheIdIsTheConfigDigest()
    {
        var reference = CommittedImage(UniqueRepo() + ":v1");
        var id = berth.Inspect(reference, "{{.Id}}");

        var files = TarFiles(berth.Run(["save", reference], null).Ok().StdoutBytes);

        using var manifest = JsonDocument.Parse(files["manifest.json"]);
        var entry = manifest.RootElement[0];
        Assert.Equal($"blobs/sha256/{id[7..]}", entry.GetProperty("Config").GetString());
        Assert.Equal(reference, entry.GetProperty("RepoTags")[0].GetString());
        Assert.Equal(2, entry.GetProperty("Layers").GetArrayLength());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(files[$"blobs/sha256/{id[7..]}"])), id);
        using var index = JsonDocument.Parse(files["index.json"]);
        Assert.Equal("docker.io/" + reference, index.RootElement.GetProperty("manifests")[0].GetProperty("annotations").GetProperty("io.containerd.image.name").GetString());
        Assert.True(files.ContainsKey("oci-layout"));
    }

    [Fact]
    public void OciArchiveLoadsBackIntoBerth()
    {
        var reference = CommittedImage(UniqueRepo() + ":oci");
        var id = berth.Inspect(reference, "{{.Id}}");
        var archive = berth.Run(["save", "--format", "oci", reference], null).Ok().StdoutBytes;
        Assert.DoesNotContain("manifest.json", TarFiles(archive).Keys);
        berth.Run("rmi", reference).Ok();

        berth.Run(["load"], archive).Ok();

        Assert.Equal(id, berth.Inspect(reference, "{{.Id}}"));
        Assert.Equal("made\n", berth.Run("run", "--rm", reference, "cat", "/made").Ok().Stdout);
    }

    [SkippableFact]
    public void SkopeoReadsTheOciArchiveAndItsCopyLoadsBack()
    {
        Skip.IfNot(File.Exists("/usr/bin/skopeo"), "skopeo is not installed (apt-get install skopeo)");
        var reference = CommittedImage(UniqueRepo() + ":sk");
        var archive = _files.Sub("berth-oci.tar");
        berth.Run("save", "--format", "oci", "-o", archive, reference).Ok();

        var inspect = berth.RunProgram("skopeo", ["inspect", $"oci-archive:{archive}"]).Ok();
        using var json = JsonDocument.Parse(inspect.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("Layers").GetArrayLength());
        Assert.Equal("linux", json.RootElement.GetProperty("Os").GetString());

        // skopeo rewrites the layout itself; berth must load what it wrote.
        var copy = _files.Sub("skopeo-copy.tar");
        var copied = UniqueRepo() + ":copied";
        berth.RunProgram("skopeo", ["copy", $"oci-archive:{archive}", $"oci-archive:{copy}:docker.io/{copied}"]).Ok();
        berth.Run("load", "-i", copy).Ok();
        Assert.Equal("made\n", berth.Run("run", "--rm", copied, "cat", "/made").Ok().Stdout);
    }

    [SkippableFact]
    public void UmociUnpacksTheOciLayoutWithDeletionsApplied()
    {
        Skip.IfNot(File.Exists("/usr/bin/umoci"), "umoci is not installed (apt-get install umoci)");
        var reference = CommittedImage(UniqueRepo() + ":umoci");
        var layout = _files.Sub("layout");
        Directory.CreateDirectory(layout);
        var archive = _files.Sub("umoci.tar");
        berth.Run("save", "--format", "oci", "-o", archive, reference).Ok();
        berth.RunProgram("tar", ["-xf", archive, "-C", layout]).Ok();

        var bundle = _files.Sub("bundle");
        berth.RunProgram("umoci", ["unpack", "--image", $"{layout}:umoci", bundle]).Ok();

        Assert.Equal("made\n", File.ReadAllText(Path.Combine(bundle, "rootfs", "made")));
        Assert.False(File.Exists(Path.Combine(bundle, "rootfs", "bin", "vi")));
        Assert.True(File.Exists(Path.Combine(bundle, "rootfs", "bin", "busybox")));
    }

    [Fact]
    public void ExportedContainerImportsAsTheSameFilesystem()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c", "echo exported > /made && rm /bin/vi").Ok();
        var tarball = _files.Sub("export.tar");

        berth.Run("export", "-o", tarball, name).Ok();
        var reference = UniqueRepo() + ":imported";
        berth.Run("import", tarball, reference).Ok();

        Assert.Equal("exported\n", berth.Run("run", "--rm", reference, "cat", "/made").Ok().Stdout);
        Assert.Equal("gone\n", berth.Run("run", "--rm", reference, "sh", "-c", "test -e /bin/vi && echo present || echo gone").Ok().Stdout);
        Assert.Equal(
            berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c", "ls /bin | wc -l").Ok().Stdout.Trim(),
            (int.Parse(berth.Run("run", "--rm", reference, "sh", "-c", "ls /bin | wc -l").Ok().Stdout.Trim()) + 1).ToString());
        berth.Run("rm", name).Ok();
    }

    [Fact]
    public void ExportOfARunningContainerLeavesOutProcAndSys()
    {
        var name = berth.RunSleeping();
        try
        {
            var files = new List<string>();
            using (var reader = new TarReader(new MemoryStream(berth.Run(["export", name], null).Ok().StdoutBytes)))
                while (reader.GetNextEntry() is { } entry) files.Add(entry.Name);

            Assert.Contains("bin/busybox", files);
            Assert.Contains("proc/", files); // the mount point stays, as an empty directory
            Assert.DoesNotContain(files, f => f.StartsWith("proc/") && f != "proc/" || f.StartsWith("sys/") && f != "sys/");
        }
        finally
        {
            berth.Run("rm", "-f", name);
        }
    }

    [Fact]
    public void SaveRefusesATerminalAndAnUnknownImage()
    {
        var missing = berth.Run("save", "-o", _files.Sub("x.tar"), "it/no-such-image:v1");

        Assert.Equal(1, missing.Exit);
        Assert.Equal("Error: No such image: it/no-such-image:v1\n", missing.Stderr);
        Assert.False(File.Exists(_files.Sub("x.tar")));
    }
}
