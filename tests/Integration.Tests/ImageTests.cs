using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>`images` (-q, --format, --filter), `tag`, `rmi` (and what it refuses), and `import --change`.</summary>
public sealed class ImageTests(BerthFixture berth, BusyboxTarball busybox) : IClassFixture<BerthFixture>, IClassFixture<BusyboxTarball>, IDisposable
{
    readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    static string UniqueRepo() => "it/img-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Imports a busybox root filesystem with a layer of its own, under <paramref name="reference"/>; returns the image ID.</summary>
    string ImportUnique(string reference, params string[] changes)
    {
        var tarball = Tarballs.UniqueCopy(busybox.Path, _files.Sub(Guid.NewGuid().ToString("N") + ".tar"));
        var id = berth.Run(["import", .. changes.SelectMany(c => new[] { "--change", c }), tarball, reference], null).Ok().Stdout.Trim();
        File.Delete(tarball);
        return id;
    }

    string[] ImageLines(params string[] args) => berth.Run(["images", .. args], null).Ok().Lines;

    [Fact]
    public void ImportPrintsTheIdAndTheImageIsListed()
    {
        var repo = UniqueRepo();

        var id = ImportUnique(repo + ":v1");

        Assert.Matches("^sha256:[0-9a-f]{64}$", id);
        Assert.Equal([$"{repo} v1 {id[7..19]}"], ImageLines(repo, "--format", "{{.Repository}} {{.Tag}} {{.ID}}"));
        Assert.Contains(id[7..19], ImageLines("-q"));
        Assert.Contains(id, ImageLines("-q", "--no-trunc"));
        Assert.Equal(id, berth.Run("image", "inspect", "-f", "{{.Id}}", repo + ":v1").Ok().Stdout.Trim());
    }

    [Fact]
    public void DefaultTableHasDockersColumns()
    {
        var lines = ImageLines(BerthFixture.Image);

        Assert.Equal(["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{BerthFixture.Image}      latest    ", lines[1]);
        Assert.EndsWith("MB", lines[1]);
    }

    [Fact]
    public void ImportChangesSetTheImagesConfig()
    {
        var repo = UniqueRepo();
        ImportUnique(repo, "CMD [\"sh\", \"-c\", \"echo $GREETING from $(pwd) as $(id -u)\"]", "ENV GREETING=hello", "WORKDIR /srv/app", "EXPOSE 8080", "LABEL team=tests", "USER www-data");

        var output = berth.Run("run", "--rm", repo).Ok().Stdout;
        var config = JsonDocument.Parse(berth.Run("image", "inspect", "-f", "{{json .Config}}", repo).Ok().Stdout).RootElement;

        Assert.Equal("hello from /srv/app as 33\n", output);
        Assert.Equal(["GREETING=hello"], config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/srv/app", config.GetProperty("WorkingDir").GetString());
        Assert.Equal(["8080/tcp"], config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name));
        Assert.Equal("tests", config.GetProperty("Labels").GetProperty("team").GetString());
        Assert.Equal("www-data", config.GetProperty("User").GetString());
    }

    [Fact]
    public void ContainerInheritsAndOverridesTheImagesConfig()
    {
        var repo = UniqueRepo();
        ImportUnique(repo, "ENV KEEP=image OVERRIDE=image", "LABEL from=image", "USER www-data", "EXPOSE 8080");
        var name = BerthFixture.UniqueName();

        var output = berth.Run("run", "--name", name, "-e", "OVERRIDE=run", "-u", "0", "-l", "extra=run", repo, "sh", "-c", "echo $KEEP $OVERRIDE $(id -u)").Ok().Stdout;

        Assert.Equal("image run 0\n", output);
        Assert.Equal("[KEEP=image OVERRIDE=run]", berth.Inspect(name, "{{.Config.Env}}"));
        Assert.Equal("image run", berth.Inspect(name, "{{index .Config.Labels \"from\"}} {{index .Config.Labels \"extra\"}}"));
        Assert.Equal("{\"8080/tcp\":{}}", berth.Inspect(name, "{{json .Config.ExposedPorts}}"));
        Assert.Equal([name], berth.Run("ps", "-a", "--filter", "label=from=image", "--format", "{{.Names}}").Ok().Lines);
    }

    [Fact]
    public void EntrypointTakesTheRunArguments()
    {
        var repo = UniqueRepo();
        ImportUnique(repo, "ENTRYPOINT [\"echo\", \"entry\"]", "CMD [\"default\"]");

        Assert.Equal("entry default\n", berth.Run("run", "--rm", repo).Ok().Stdout);
        Assert.Equal("entry given\n", berth.Run("run", "--rm", repo, "given").Ok().Stdout);
        Assert.Equal("over ridden\n", berth.Run("run", "--rm", "--entrypoint", "echo", repo, "over", "ridden").Ok().Stdout);
    }

    [Fact]
    public void ImportReadsStandardInput()
    {
        var repo = UniqueRepo();
        var tarball = Tarballs.Write(_files.Sub("stdin.tar"), [Tarballs.File("hello.txt", Guid.NewGuid().ToString())]);

        var id = berth.Run(["import", "-", repo], File.ReadAllBytes(tarball)).Ok().Stdout.Trim();

        Assert.Equal(id, berth.Run("image", "inspect", "-f", "{{.Id}}", repo).Ok().Stdout.Trim());
    }

    [Fact]
    public void InvalidChangeIsRefusedAndStoresNothing()
    {
        var (entries, images) = (berth.StoreEntries(), ImageLines("-a", "-q", "--no-trunc"));
        var tarball = Tarballs.Write(_files.Sub("change.tar"), [Tarballs.File("x", Guid.NewGuid().ToString())]);

        var result = berth.Run("import", "--change", "RUN make", tarball, UniqueRepo());

        Assert.Equal(1, result.Exit);
        Assert.StartsWith("Error: RUN is not a valid change command", result.Stderr);
        Assert.Equal(entries, berth.StoreEntries());
        Assert.Equal(images, ImageLines("-a", "-q", "--no-trunc"));
    }

    [Fact]
    public void TagAddsANameForTheSameImage()
    {
        var repo = UniqueRepo();

        berth.Run("tag", BerthFixture.Image, $"{repo}:copy").Ok();

        Assert.Equal(berth.Inspect(BerthFixture.Image, "{{.Id}}"), berth.Inspect($"{repo}:copy", "{{.Id}}"));
        Assert.Contains($"{repo}:copy", JsonDocument.Parse(berth.Inspect(BerthFixture.Image, "{{json .RepoTags}}")).RootElement.EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(1, berth.Run("tag", "no-such-image", $"{repo}:x").Exit);
    }

    [Fact]
    public void RmiOfOneOfSeveralTagsOnlyUntags()
    {
        var repo = UniqueRepo();
        var id = ImportUnique(repo + ":one");
        berth.Run("tag", repo + ":one", repo + ":two").Ok();

        Assert.Equal($"Untagged: {repo}:one\n", berth.Run("rmi", repo + ":one").Ok().Stdout);

        Assert.Equal(id, berth.Inspect(repo + ":two", "{{.Id}}"));
    }

    [Fact]
    public void RmiDeletesAnUnusedImageAndItsLayer()
    {
        var repo = UniqueRepo();
        var id = ImportUnique(repo);
        var layer = berth.Inspect(repo, "{{index .RootFS.Layers 0}}");
        Assert.True(Directory.Exists(Path.Combine(berth.Root, "layers", layer[7..])));

        var lines = berth.Run("rmi", repo).Ok().Lines;

        Assert.Equal([$"Untagged: {repo}:latest", $"Deleted: {id}"], lines);
        Assert.DoesNotContain(id, ImageLines("-a", "-q", "--no-trunc"));
        Assert.False(Directory.Exists(Path.Combine(berth.Root, "layers", layer[7..])));
    }

    [Fact]
    public void RmiRefusesAnImageAStoppedContainerUsesUnlessForced()
    {
        var repo = UniqueRepo();
        var id = ImportUnique(repo);
        var name = BerthFixture.UniqueName();
        berth.Run("create", "--name", name, repo, "echo", "still runs").Ok();

        var refused = berth.Run("rmi", repo);

        Assert.Equal(1, refused.Exit);
        Assert.Equal($"Error: conflict: unable to remove repository reference \"{repo}\" (must force) - container {berth.Id(name)[..12]} is using its referenced image {id[7..19]}\n", refused.Stderr);
        Assert.Contains(id, ImageLines("-q", "--no-trunc"));

        berth.Run("rmi", "-f", repo).Ok();

        Assert.DoesNotContain(id, ImageLines("-a", "-q", "--no-trunc"));
        // The container keeps its layers: it still starts.
        Assert.Equal("still runs\n", berth.Run("start", "-a", name).Ok().Stdout);
    }

    [Fact]
    public void RmiRefusesAnImageARunningContainerUsesEvenForced()
    {
        var repo = UniqueRepo();
        var id = ImportUnique(repo);
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, repo, "sleep", "300").Ok();

        var refused = berth.Run("rmi", "-f", repo);

        Assert.Equal(1, refused.Exit);
        Assert.Equal($"Error: conflict: unable to delete {id[7..19]} (cannot be forced) - image is being used by running container {berth.Id(name)[..12]}\n", refused.Stderr);
        Assert.Contains(id, ImageLines("-q", "--no-trunc"));
    }

    [Fact]
    public void RmiOfAnUnknownImageFails()
    {
        var result = berth.Run("rmi", "no-such-image:1");

        Assert.Equal(1, result.Exit);
        Assert.Equal("Error: No such image: no-such-image:1\n", result.Stderr);
    }

    [Fact]
    public void FiltersSelectByReferenceLabelDanglingAndAge()
    {
        var repo = UniqueRepo();
        var older = ImportUnique(repo + ":older", "LABEL stage=old");
        var middle = ImportUnique(repo + ":middle");
        var newer = ImportUnique(repo + ":newer", "LABEL stage=new");
        var replaced = ImportUnique(repo + ":moved");
        ImportUnique(repo + ":moved"); // takes the tag: the first one is left dangling

        string[] Filtered(params string[] filters) => ImageLines([.. filters.SelectMany(f => new[] { "--filter", f }), "--format", "{{.ID}}"]);

        Assert.Equal(new[] { newer, older }.Select(Short), Filtered($"reference={repo}:*er"));
        Assert.Equal([Short(older)], Filtered($"reference={repo}:*", "label=stage=old"));
        Assert.Equal([Short(newer), Short(older)], Filtered($"reference={repo}", "label=stage"));
        Assert.Contains(Short(replaced), Filtered("dangling=true"));
        Assert.DoesNotContain(Short(replaced), Filtered("dangling=false"));
        Assert.Equal([Short(older)], Filtered($"reference={repo}:*", $"before={repo}:middle"));
        Assert.Equal([Short(newer)], Filtered($"reference={repo}:*", $"since={repo}:middle", $"before={repo}:moved"));
    }

    static string Short(string id) => id[7..19];

    [Fact]
    public void QuietListsEachImageOnce()
    {
        var repo = UniqueRepo();
        var id = ImportUnique(repo + ":a");
        berth.Run("tag", repo + ":a", repo + ":b").Ok();

        Assert.Equal([Short(id)], ImageLines("-q", repo));
        Assert.Equal(2, ImageLines(repo, "--format", "{{.Tag}}").Length);
    }
}
