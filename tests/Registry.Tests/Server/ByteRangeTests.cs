using Berth.Registry.Server;

namespace Berth.Registry.Tests.Server;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-9", 100, 0L, 10L)]
    [InlineData("bytes=90-", 100, 90L, 10L)]
    [InlineData("bytes=-5", 100, 95L, 5L)]
    [InlineData("bytes=50-500", 100, 50L, 50L)]
    public void ResolvesSatisfiableRanges(string header, long length, long start, long count)
    {
        Assert.True(ByteRange.TryParseRequest(header, length, out var range));
        Assert.Equal((start, count), range);
    }

    [Theory]
    [InlineData("bytes=100-")]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("items=0-1")]
    [InlineData("bytes=-0")]
    public void RefusesUnsatisfiableOrUnsupportedRanges(string header) => Assert.False(ByteRange.TryParseRequest(header, 100, out _));

    [Fact]
    public void NoHeaderMeansTheWholeBlob()
    {
        Assert.True(ByteRange.TryParseRequest(null, 100, out var range));
        Assert.Null(range);
    }

    [Theory]
    [InlineData("0-999", 0L, 999L)]
    [InlineData("bytes 1000-1999/*", 1000L, 1999L)]
    public void ParsesUploadContentRanges(string header, long start, long end)
    {
        Assert.True(ByteRange.TryParseContentRange(header, out var s, out var e));
        Assert.Equal((start, end), (s, e));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5-1")]
    [InlineData("-5")]
    public void RefusesMalformedContentRanges(string header) => Assert.False(ByteRange.TryParseContentRange(header, out _, out _));
}
