using Berth.Registry.Server;

namespace Berth.Registry.Tests.Server;

public sealed class RegistryRouteTests
{
    [Theory]
    [InlineData("/v2/", RouteKind.Base, "", "")]
    [InlineData("/v2/_catalog", RouteKind.Catalog, "", "")]
    [InlineData("/v2/a/b/tags/list", RouteKind.TagsList, "a/b", "")]
    [InlineData("/v2/a/blobs/uploads/", RouteKind.UploadStart, "a", "")]
    [InlineData("/v2/a/blobs/uploads/0123", RouteKind.Upload, "a", "0123")]
    [InlineData("/v2/a/blobs/sha256:x", RouteKind.Blob, "a", "sha256:x")]
    [InlineData("/v2/blobs/manifests/latest", RouteKind.Manifest, "blobs", "latest")]
    [InlineData("/v2/x/manifests/y/manifests/z", RouteKind.Manifest, "x/manifests/y", "z")]
    [InlineData("/v2/a/referrers/sha256:x", RouteKind.Referrers, "a", "sha256:x")]
    [InlineData("/token", RouteKind.Token, "", "")]
    public void DecodesPaths(string path, RouteKind kind, string name, string reference) =>
        Assert.Equal(new RegistryRoute(kind, name, reference), RegistryRoute.Parse(path));

    [Fact]
    public void OtherPathsAreNotRegistryPaths() => Assert.Null(RegistryRoute.Parse("/v1/_ping"));

    [Fact]
    public void ABadNameIsNameInvalid()
    {
        var error = Assert.Throws<RegistryError>(() => RegistryRoute.Parse("/v2/../etc/manifests/latest"));
        Assert.Equal("NAME_INVALID", error.Code);
        Assert.Equal(400, error.Status);
    }
}
