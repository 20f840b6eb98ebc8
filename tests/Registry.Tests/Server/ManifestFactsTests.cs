using System.Text;
using Berth.Registry.Server;

namespace Berth.Registry.Tests.Server;

public sealed class ManifestFactsTests
{
    const string A = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const string B = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    static ManifestFacts Parse(string json, string? contentType = null) => ManifestFacts.Parse(Encoding.UTF8.GetBytes(json), contentType);

    [Fact]
    public void ImageManifestNamesConfigAndLayersButNotForeignOnes()
    {
        var facts = Parse($$"""
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"{{A}}","size":1},
             "layers":[{"mediaType":"x","digest":"{{B}}","size":2},{"mediaType":"y","digest":"{{A}}","size":3,"urls":["https://elsewhere"]}]}
            """);
        Assert.False(facts.IsIndex);
        Assert.Equal([A, B], facts.Blobs.Select(d => d.Value));
        Assert.Equal("application/vnd.docker.container.image.v1+json", facts.ArtifactType);
    }

    [Fact]
    public void IndexNamesItsManifestsAndItsSubject()
    {
        var facts = Parse($$"""{"schemaVersion":2,"manifests":[{"mediaType":"m","digest":"{{A}}","size":1}],"subject":{"mediaType":"m","digest":"{{B}}","size":1},"artifactType":"t"}""",
            "application/vnd.oci.image.index.v1+json");
        Assert.True(facts.IsIndex);
        Assert.Equal([A], facts.Children.Select(d => d.Value));
        Assert.Equal(B, facts.Subject?.Value);
        Assert.Equal("t", facts.ArtifactType);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"schemaVersion":1,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{}}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"text/plain"}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:../../x"}}""")]
    public void RefusesMalformedManifests(string json)
    {
        var error = Assert.Throws<RegistryError>(() => Parse(json));
        Assert.Equal("MANIFEST_INVALID", error.Code);
    }

    [Fact]
    public void BodyAndContentTypeMustAgree()
    {
        var json = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""";
        Assert.Throws<RegistryError>(() => Parse(json, "application/vnd.docker.distribution.manifest.v2+json"));
    }
}
