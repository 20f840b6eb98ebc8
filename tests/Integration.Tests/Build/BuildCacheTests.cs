using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests.Build;

/// <summary>The layer cache: a change re-runs exactly the steps that depend on it, never serves a stale layer, and persists.</summary>
public sealed class BuildCacheTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    const string Dockerfile = """
        FROM busybox
        RUN echo one > /one
        COPY a.txt /a.txt
        RUN echo two > /two
        COPY dir /dir
        RUN cat /a.txt > /summary && ls -l /dir >> /summary && cat /dir/* >> /summary
        """;

    BuildWorkspace Workspace() => new BuildWorkspace(berth).File("Dockerfile", Dockerfile).File("a.txt", "a1\n").File("dir/x", "x1\n").File("dir/y", "y1\n");

    string Summary(string tag) => berth.Run("run", "--rm", tag, "cat", "/summary").Ok().Stdout;

    [Fact]
    public void SecondBuildIsFullyCachedAndGivesTheSameImage()
    {
        using var ws = Workspace();
        var first = ws.Build("-t", "cache-same");
        first.Ok();
        Assert.Equal(5, BuildWorkspace.Ran(first).Count);
        var id = berth.Id("cache-same");
        var second = ws.Build("-t", "cache-same").Ok();
        Assert.Empty(BuildWorkspace.Ran(second));
        Assert.Equal(5, BuildWorkspace.Cached(second).Count);
        Assert.Equal(id, berth.Id("cache-same"));
    }

    [Fact]
    public void EditingAFileRerunsFromTheStepThatCopiesIt()
    {
        using var ws = Workspace();
        ws.Build("-t", "cache-edit").Ok();
        ws.File("dir/y", "y2 changed\n");
        var rebuilt = ws.Build("-t", "cache-edit").Ok();
        Assert.Equal(["COPY dir /dir", "RUN cat /a.txt > /summary && ls -l /dir >> /summary && cat /dir/* >> /summary"], BuildWorkspace.Ran(rebuilt));
        Assert.Contains("y2 changed", Summary("cache-edit"));
        ws.File("a.txt", "a2\n");
        var again = ws.Build("-t", "cache-edit").Ok();
        Assert.Equal(["COPY a.txt /a.txt", "RUN echo two > /two", "COPY dir /dir", "RUN cat /a.txt > /summary && ls -l /dir >> /summary && cat /dir/* >> /summary"], BuildWorkspace.Ran(again));
        Assert.StartsWith("a2\n", Summary("cache-edit"));
    }

    [Fact]
    public void RenameChmodAndDeleteEachInvalidateTheCopy()
    {
        using var ws = Workspace();
        ws.Build("-t", "cache-meta").Ok();
        File.Move(Path.Combine(ws.Dir, "dir", "x"), Path.Combine(ws.Dir, "dir", "renamed"));
        Assert.Equal(2, BuildWorkspace.Ran(ws.Build("-t", "cache-meta").Ok()).Count);
        Assert.Contains("renamed", Summary("cache-meta"));

        File.SetUnixFileMode(Path.Combine(ws.Dir, "dir", "y"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(2, BuildWorkspace.Ran(ws.Build("-t", "cache-meta").Ok()).Count);
        Assert.Contains("-rwx------", Summary("cache-meta"));

        File.Delete(Path.Combine(ws.Dir, "dir", "renamed"));
        Assert.Equal(2, BuildWorkspace.Ran(ws.Build("-t", "cache-meta").Ok()).Count);
        Assert.DoesNotContain("renamed", Summary("cache-meta"));
    }

    [Fact]
    public void TouchingAFileWithoutChangingItKeepsTheCache()
    {
        using var ws = Workspace();
        ws.Build("-t", "cache-touch").Ok();
        File.SetLastWriteTimeUtc(Path.Combine(ws.Dir, "a.txt"), DateTime.UtcNow.AddMinutes(5));
        Assert.Empty(BuildWorkspace.Ran(ws.Build("-t", "cache-touch").Ok()));
    }

    [Fact]
    public void ChangingAnEnvOrBuildArgRerunsTheRunStepsAfterIt()
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile", "FROM busybox\nRUN echo first > /f\nARG V=1\nRUN echo $V > /v\n");
        ws.Build("-t", "cache-arg").Ok();
        var rebuilt = ws.Build("-t", "cache-arg", "--build-arg", "V=2").Ok();
        Assert.Equal(["RUN echo $V > /v"], BuildWorkspace.Ran(rebuilt));
        Assert.Equal("2\n", berth.Run("run", "--rm", "cache-arg", "cat", "/v").Ok().Stdout);
    }

    [Fact]
    public void NoCacheRunsEveryStepAndPruneEmptiesTheCache()
    {
        using var ws = Workspace();
        ws.Build("-t", "cache-prune").Ok();
        Assert.Equal(5, BuildWorkspace.Ran(ws.Build("--no-cache", "-t", "cache-prune").Ok()).Count);
        var prune = berth.Run("builder", "prune", "-f").Ok();
        Assert.Contains("Deleted build cache objects:", prune.Stdout);
        Assert.Equal(5, BuildWorkspace.Ran(ws.Build("-t", "cache-prune").Ok()).Count);
    }

    [Fact]
    public void CacheMountPersistsAcrossBuildsAndStaysOutOfTheImage()
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile",
            "FROM busybox\nRUN --mount=type=cache,target=/cache,id=counter echo tick >> /cache/log && wc -l < /cache/log > /count\n");
        ws.Build("-t", "cache-mount").Ok();
        ws.Build("--no-cache", "-t", "cache-mount").Ok();
        Assert.Equal("2", berth.Run("run", "--rm", "cache-mount", "cat", "/count").Ok().Stdout.Trim());
        Assert.NotEqual(0, berth.Run("run", "--rm", "cache-mount", "ls", "/cache").Exit);
    }
}
