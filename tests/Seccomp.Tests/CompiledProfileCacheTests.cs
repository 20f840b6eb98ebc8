namespace Berth.Seccomp.Tests;

public sealed class CompiledProfileCacheTests : IDisposable
{
    readonly string directory = Path.Combine(Path.GetTempPath(), $"berth-seccomp-cache-{Guid.NewGuid():N}");
    static readonly LinuxSeccomp Profile = DockerProfile.ResolveDefault(DockerCapabilities.Default, "amd64", new Version(6, 1));

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void Compiles_once_then_returns_the_same_bytes_from_one_file()
    {
        var cache = new CompiledProfileCache(directory);
        var first = cache.GetOrCompile(Profile);
        var second = new CompiledProfileCache(directory).GetOrCompile(Profile);

        Assert.Equal(first, second);
        Assert.Equal(SeccompCompiler.Compile(Profile), first);
        var file = Assert.Single(Directory.GetFiles(directory));
        Assert.Equal(cache.PathFor(Profile), file);
        Assert.Equal(first, File.ReadAllBytes(file));
    }

    [Fact]
    public void A_hit_reads_the_file_instead_of_compiling()
    {
        var cache = new CompiledProfileCache(directory);
        cache.GetOrCompile(Profile);
        var marker = new byte[] { 6, 0, 0, 0, 0, 0, 0xff, 0x7f }; // ret ALLOW: not what the compiler makes
        File.WriteAllBytes(cache.PathFor(Profile), marker);
        Assert.Equal(marker, cache.GetOrCompile(Profile));
    }

    [Fact]
    public void A_torn_file_is_compiled_again()
    {
        var cache = new CompiledProfileCache(directory);
        var program = cache.GetOrCompile(Profile);
        File.WriteAllBytes(cache.PathFor(Profile), program[..13]);
        Assert.Equal(program, cache.GetOrCompile(Profile));
    }

    [Fact]
    public void Different_profiles_get_different_keys()
    {
        var admin = DockerProfile.ResolveDefault(DockerCapabilities.DefaultPlus("CAP_SYS_ADMIN"), "amd64", new Version(6, 1));
        Assert.NotEqual(CompiledProfileCache.Key(Profile), CompiledProfileCache.Key(admin));
        Assert.Equal(CompiledProfileCache.Key(Profile), CompiledProfileCache.Key(Profile with { }));
        Assert.Matches("^[0-9a-f]{64}$", CompiledProfileCache.Key(Profile));
    }
}
