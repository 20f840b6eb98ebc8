using System.IO.Compression;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>
/// Images cross between berth and a real dockerd (Debian's docker.io 20.10) both ways, run on the
/// other side, and keep their deletions: docker save → berth load → berth run, and
/// berth commit → berth save → docker load → docker run.
/// </summary>
public sealed class DockerRoundTripTests(BerthFixture berth, DockerDaemon docker, BusyboxTarball busybox)
    : IClassFixture<BerthFixture>, IClassFixture<DockerDaemon>, IClassFixture<BusyboxTarball>
{
    static string UniqueRepo() => "it/rt-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A docker image from the busybox rootfs with one change on top: /made written, /bin/vi deleted.</summary>
    string DockerImageWithChanges(string reference)
    {
        var baseRef = UniqueRepo() + ":base";
        docker.Docker("import", busybox.Path, baseRef).Ok();
        var container = "rt-" + Guid.NewGuid().ToString("N")[..8];
        docker.Docker("run", "--network", "none", "--name", container, baseRef, "sh", "-c", "echo from-docker > /made && rm /bin/vi").Ok();
        docker.Docker("commit", container, reference).Ok();
        docker.Docker("rm", container).Ok();
        return reference;
    }

    [SkippableFact]
    public void DockerSaveLoadsIntoBerthAndRuns()
    {
        Skip.IfNot(docker.Available, docker.SkipReason);
        var reference = DockerImageWithChanges(UniqueRepo() + ":v1");
        var archive = docker.Docker("save", reference).Ok().StdoutBytes;

        var load = berth.Run(["load"], archive).Ok();

        Assert.Equal($"Loaded image: {reference}\n", load.Stdout);
        Assert.Equal("from-docker\n", berth.Run("run", "--rm", reference, "cat", "/made").Ok().Stdout);
        Assert.Equal("gone\n", berth.Run("run", "--rm", reference, "sh", "-c", "test -e /bin/vi && echo present || echo gone").Ok().Stdout);
        // The image ID is the config digest on both sides.
        Assert.Equal(docker.Docker("inspect", "-f", "{{.Id}}", reference).Ok().Stdout.Trim(), berth.Inspect(reference, "{{.Id}}"));
    }

    [SkippableFact]
    public void GzippedDockerSaveLoads()
    {
        Skip.IfNot(docker.Available, docker.SkipReason);
        var reference = DockerImageWithChanges(UniqueRepo() + ":gz");
        var archive = docker.Docker("save", reference).Ok().StdoutBytes;
        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(archive);

        berth.Run(["load"], gzipped.ToArray()).Ok();

        Assert.Equal("from-docker\n", berth.Run("run", "--rm", reference, "cat", "/made").Ok().Stdout);
    }

    [SkippableFact]
    public void BerthCommitSavedLoadsIntoDockerWithDeletionsStillDeleted()
    {
        Skip.IfNot(docker.Available, docker.SkipReason);
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c",
            "echo from-berth > /made && rm /bin/vi && rm -rf /usr && mkdir /usr && echo only > /usr/only").Ok();
        var reference = UniqueRepo() + ":v1";
        var id = berth.Run("commit", name, reference).Ok().Stdout.Trim();
        berth.Run("rm", name).Ok();
        var archive = berth.Run(["save", reference], null).Ok().StdoutBytes;

        var load = docker.Docker(["load"], archive).Ok();

        Assert.Contains($"Loaded image: {reference}", load.Stdout);
        Assert.Equal(id, docker.Docker("inspect", "-f", "{{.Id}}", reference).Ok().Stdout.Trim());
        Assert.Equal("from-berth\n", DockerRun(reference, "cat", "/made"));
        Assert.Equal("gone\n", DockerRun(reference, "sh", "-c", "test -e /bin/vi && echo present || echo gone"));
        // /usr was replaced whole: the opaque directory hides everything the base layer had there.
        Assert.Equal("only\n", DockerRun(reference, "ls", "/usr"));
    }

    [SkippableFact]
    public void ImageSurvivesBerthToDockerAndBack()
    {
        Skip.IfNot(docker.Available, docker.SkipReason);
        var reference = UniqueRepo() + ":there-and-back";
        berth.Run("tag", BerthFixture.Image, reference).Ok();
        var id = berth.Inspect(reference, "{{.Id}}");
        docker.Docker(["load"], berth.Run(["save", reference], null).Ok().StdoutBytes).Ok();
        berth.Run("rmi", reference).Ok();

        berth.Run(["load"], docker.Docker("save", reference).Ok().StdoutBytes).Ok();

        Assert.Equal(id, berth.Inspect(reference, "{{.Id}}"));
        Assert.Equal("hello\n", berth.Run("run", "--rm", reference, "echo", "hello").Ok().Stdout);
    }

    string DockerRun(string reference, params string[] command)
    {
        var name = "rt-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            return docker.Docker(["run", "--network", "none", "--name", name, reference, .. command], null).Ok().Stdout;
        }
        finally
        {
            docker.Docker("rm", "-f", name);
        }
    }
}
