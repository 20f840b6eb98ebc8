using Berth.Build.Cache;
using Berth.Build.Steps;

namespace Berth.Build.Tests;

public class CacheKeyTests
{
    [Fact]
    public void EveryInputChangesTheKeyAndBoundariesCannotShift()
    {
        var key = CacheKey.Of("parent", ["RUN"], ["a", "b"]);
        Assert.Equal(key, CacheKey.Of("parent", ["RUN"], ["a", "b"]));
        Assert.NotEqual(key, CacheKey.Of("other", ["RUN"], ["a", "b"]));
        Assert.NotEqual(key, CacheKey.Of("parent", ["RUN"], ["a", "c"]));
        Assert.NotEqual(key, CacheKey.Of("parent", ["RUN"], ["ab"]));
        Assert.NotEqual(key, CacheKey.Of("parent", ["RUN", "a"], ["b"]));
    }

    [Theory]
    [InlineData("30s", 30_000_000_000L)]
    [InlineData("1m30s", 90_000_000_000L)]
    [InlineData("500ms", 500_000_000L)]
    [InlineData("2h", 7_200_000_000_000L)]
    [InlineData("1.5s", 1_500_000_000L)]
    public void DurationsParseAsGoDoes(string text, long nanoseconds) => Assert.Equal(nanoseconds, GoDuration.Parse(text));

    [Theory]
    [InlineData("30")]
    [InlineData("s")]
    [InlineData("1x")]
    public void BadDurationsAreRefused(string text) => Assert.Null(GoDuration.Parse(text));

    [Fact]
    public void FileHashesAreRememberedByStat()
    {
        var dir = Directory.CreateTempSubdirectory("berth-hash-");
        try
        {
            var file = Path.Combine(dir.FullName, "f");
            File.WriteAllText(file, "one");
            var cacheFile = Path.Combine(dir.FullName, "cache", "hashes");
            var cache = new Berth.Build.Context.FileHashCache(cacheFile);
            Berth.Sys.Interop.Libc.statx(Berth.Sys.Interop.Libc.AT_FDCWD, file, 0, Berth.Sys.Interop.Libc.STATX_BASIC_STATS, out var st);
            var first = cache.Hash(file, st);
            Assert.Equal("7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed", first);
            cache.Save();
            Assert.Contains(first, File.ReadAllText(cacheFile));
            File.WriteAllText(file, "two");
            Berth.Sys.Interop.Libc.statx(Berth.Sys.Interop.Libc.AT_FDCWD, file, 0, Berth.Sys.Interop.Libc.STATX_BASIC_STATS, out var changed);
            Assert.NotEqual(first, new Berth.Build.Context.FileHashCache(cacheFile).Hash(file, changed));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
