namespace Berth.Cli.Tests;

public class UnitsTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1234, "1.23kB")]
    [InlineData(4_261_000, "4.26MB")]
    [InlineData(123_456_789, "123MB")]
    [InlineData(1_000_000_000, "1GB")]
    public void HumanSizeHasThreeSignificantDigits(double size, string expected) => Assert.Equal(expected, Units.HumanSize(size));

    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(150, "2 minutes")]
    [InlineData(3600, "About an hour")]
    [InlineData(7200, "2 hours")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(20 * 86400, "2 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void HumanDurationMatchesGoUnits(double seconds, string expected) =>
        Assert.Equal(expected, Units.HumanDuration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("1h30m", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("10s", 10)]
    [InlineData("1.5m", 90)]
    [InlineData("0", 0)]
    public void GoDurations(string text, double seconds) => Assert.Equal(seconds, Durations.Parse(text, "x").TotalSeconds, 6);

    [Theory]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("5x")]
    public void BadDurationsAreRefused(string text) => Assert.Throws<Berth.Cli.Parsing.UsageException>(() => Durations.Parse(text, "x"));
}

public class BinaryUnitsTests
{
    [Theory]
    [InlineData(636 * 1024, "636KiB")]
    [InlineData(1536000, "1.465MiB")]
    [InlineData(64 << 20, "64MiB")]
    [InlineData(8_257_536_000.0, "7.69GiB")]
    public void BytesSizeHasFourSignificantDigits(double size, string expected) => Assert.Equal(expected, Units.BytesSize(size));

    [Fact]
    public void HumanSizeUsesGosExponentForm() => Assert.Equal("1e+03kB", Units.HumanSize(999_900));
}
