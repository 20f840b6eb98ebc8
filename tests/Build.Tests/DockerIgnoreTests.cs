using Berth.Build.Context;

namespace Berth.Build.Tests;

public class DockerIgnoreTests
{
    static readonly DockerIgnore Ignore = DockerIgnore.Parse("""
        # comment
        node_modules
        **/*.o
        docs/*.md
        !docs/README.md
        /secret.env
        ./build/../dist
        temp?
        [abc].txt
        """);

    [Theory]
    [InlineData("node_modules", true)]
    [InlineData("node_modules/pkg/index.js", true)]
    [InlineData("src/node_modules", false)]
    [InlineData("main.o", true)]
    [InlineData("src/deep/x.o", true)]
    [InlineData("docs/a.md", true)]
    [InlineData("docs/README.md", false)]
    [InlineData("docs/sub/a.md", false)]
    [InlineData("secret.env", true)]
    [InlineData("dist/app", true)]
    [InlineData("build", false)]
    [InlineData("temp1", true)]
    [InlineData("temp12", false)]
    [InlineData("b.txt", true)]
    [InlineData("d.txt", false)]
    [InlineData("# comment", false)]
    public void MatchesAsDockerDoes(string path, bool excluded) => Assert.Equal(excluded, Ignore.Excludes(path));

    [Fact]
    public void LastMatchingPatternWins()
    {
        var ignore = DockerIgnore.Parse("*.md\n!README.md\nREADME.md\n");
        Assert.True(ignore.Excludes("README.md"));
        Assert.True(DockerIgnore.Parse("*\n!keep\n").Excludes("other"));
        Assert.False(DockerIgnore.Parse("*\n!keep\n").Excludes("keep/inner"));
    }

    [Fact]
    public void PathsAreCleaned()
    {
        Assert.Equal("a/c", ContextPaths.Clean("/a/./b/../c/"));
        Assert.Equal("../x", ContextPaths.Clean("a/../../x"));
        Assert.True(ContextPaths.EscapesRoot(ContextPaths.Clean("a/../../x")));
        Assert.Equal("x", ContextPaths.Clean("/../x"));
    }

    [Fact]
    public void DockerfileSpecificIgnoreFileWins()
    {
        var dir = Directory.CreateTempSubdirectory("berth-ignore-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, ".dockerignore"), "general\n");
            File.WriteAllText(Path.Combine(dir.FullName, "app.Dockerfile.dockerignore"), "specific\n");
            Assert.True(DockerIgnore.Load(dir.FullName, Path.Combine(dir.FullName, "app.Dockerfile")).Excludes("specific"));
            Assert.False(DockerIgnore.Load(dir.FullName, Path.Combine(dir.FullName, "app.Dockerfile")).Excludes("general"));
            Assert.True(DockerIgnore.Load(dir.FullName, Path.Combine(dir.FullName, "Dockerfile")).Excludes("general"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
