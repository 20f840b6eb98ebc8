using Berth.Images.References;
using Berth.Sys.Errors;

namespace Berth.Images.Tests.References;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("busybox:1.36", "docker.io", "library/busybox", "1.36", "busybox:1.36")]
    [InlineData("library/busybox", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("docker.io/library/busybox", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("index.docker.io/library/busybox", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("user/app", "docker.io", "user/app", "latest", "user/app:latest")]
    [InlineData("host:5000/ns/name:tag", "host:5000", "ns/name", "tag", "host:5000/ns/name:tag")]
    [InlineData("localhost/app", "localhost", "app", "latest", "localhost/app:latest")]
    [InlineData("localhost:5000/app", "localhost:5000", "app", "latest", "localhost:5000/app:latest")]
    [InlineData("reg.example.com/a/b/c", "reg.example.com", "a/b/c", "latest", "reg.example.com/a/b/c:latest")]
    [InlineData("my-app_x.y__z", "docker.io", "library/my-app_x.y__z", "latest", "my-app_x.y__z:latest")]
    public void NormalizesLikeDocker(string text, string domain, string path, string tag, string familiar)
    {
        var reference = ImageReference.Parse(text);
        Assert.Equal(domain, reference.Domain);
        Assert.Equal(path, reference.Path);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(familiar, reference.Familiar);
    }

    [Fact]
    public void DigestPinsWithoutDefaultTag()
    {
        var hex = new string('a', 64);
        var reference = ImageReference.Parse($"busybox@sha256:{hex}");
        Assert.Null(reference.Tag);
        Assert.Equal($"sha256:{hex}", reference.Digest!.Value.Value);
        Assert.Equal($"docker.io/library/busybox@sha256:{hex}", reference.ToString());
        Assert.Equal($"busybox@sha256:{hex}", reference.Familiar);
    }

    [Fact]
    public void TagAndDigestTogether()
    {
        var hex = new string('b', 64);
        var reference = ImageReference.Parse($"host:5000/app:v1@sha256:{hex}");
        Assert.Equal("v1", reference.Tag);
        Assert.Equal("host:5000", reference.Domain);
        Assert.NotNull(reference.Digest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Busybox")]
    [InlineData("busybox:")]
    [InlineData("busybox:-tag")]
    [InlineData("bad//path")]
    [InlineData("-lead")]
    [InlineData("trail-")]
    [InlineData("a..b")]
    [InlineData("name@sha256:short")]
    [InlineData("host:port/app")]
    [InlineData("ex ample")]
    public void RefusesMalformed(string text)
    {
        var error = Assert.Throws<BerthException>(() => ImageReference.Parse(text));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("invalid reference format", error.Message);
    }

    [Fact]
    public void TooLongTagRefused() => Assert.Throws<BerthException>(() => ImageReference.Parse("app:" + new string('t', 129)));

    [Fact]
    public void UppercaseMessageSaysLowercase()
    {
        var error = Assert.Throws<BerthException>(() => ImageReference.Parse("MyApp"));
        Assert.Contains("must be lowercase", error.Message);
    }
}
