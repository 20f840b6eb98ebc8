using Berth.Registry.Server;

namespace Berth.Registry.Tests.Server;

public sealed class RepositoryNamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("library/busybox")]
    [InlineData("a.b_c__d---e/f-g")]
    [InlineData("team/sub/project")]
    public void AcceptsSpecNames(string name) => Assert.True(RepositoryNames.IsValidName(name));

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/../b")]
    [InlineData("a/./b")]
    [InlineData("/a")]
    [InlineData("a/")]
    [InlineData("a//b")]
    [InlineData("Upper")]
    [InlineData("a/_manifests")]
    [InlineData("a%2F..")]
    [InlineData("a\0b")]
    [InlineData("a___b")]
    public void RefusesNamesThatCouldEscapeOrCollide(string name) => Assert.False(RepositoryNames.IsValidName(name));

    [Fact]
    public void RefusesOverlongNames() => Assert.False(RepositoryNames.IsValidName(new string('a', 256)));

    [Theory]
    [InlineData("latest", true)]
    [InlineData("_v1.0-rc", true)]
    [InlineData(".hidden", false)]
    [InlineData("-x", false)]
    [InlineData("../x", false)]
    [InlineData("a/b", false)]
    public void TagsFollowTheGrammar(string tag, bool valid) => Assert.Equal(valid, RepositoryNames.IsValidTag(tag));

    [Fact]
    public void UploadIdsAreServerMadeHex()
    {
        Assert.True(RepositoryNames.IsValidUploadId(new string('a', 32)));
        Assert.False(RepositoryNames.IsValidUploadId("../../" + new string('a', 26)));
    }
}
