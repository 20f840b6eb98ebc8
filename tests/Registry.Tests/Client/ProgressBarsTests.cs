using Berth.Images.Content;
using Berth.Registry.Client;

namespace Berth.Registry.Tests.Client;

public sealed class ProgressBarsTests
{
    const string Up = "\x1b[", Clear = "\r\x1b[2K";
    static readonly Digest A = Digest.Of("layer a"u8), B = Digest.Of("layer b"u8);

    /// <summary>A clock that moves only when the test says so.</summary>
    sealed class ManualClock : TimeProvider
    {
        public long Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    static (ProgressBars Bars, StringWriter Screen, ManualClock Clock) Start(int width = 120)
    {
        var screen = new StringWriter();
        var clock = new ManualClock();
        return (new ProgressBars(screen, width, clock), screen, clock);
    }

    /// <summary>What was written to the screen since the last look.</summary>
    static string Take(StringWriter screen)
    {
        var text = screen.ToString();
        screen.GetStringBuilder().Clear();
        return text;
    }

    [Fact]
    public void EachLayerGetsALineThatIsRedrawnInPlace()
    {
        var (bars, screen, _) = Start();
        bars.Line("1: Pulling from bench/berth");
        bars.Layer(A, "Pulling fs layer");
        Assert.Equal("1: Pulling from bench/berth\n" + Clear + $"{A.Short}: Pulling fs layer\n", Take(screen));

        bars.Layer(B, "Pulling fs layer");
        Assert.Equal($"{Up}1A" + Clear + $"{A.Short}: Pulling fs layer\n" + Clear + $"{B.Short}: Pulling fs layer\n", Take(screen));

        bars.Layer(A, "Pull complete");
        Assert.Equal($"{Up}2A" + Clear + $"{A.Short}: Pull complete\n" + Clear + $"{B.Short}: Pulling fs layer\n", Take(screen));
    }

    [Fact]
    public void ByteCountsRedrawAtMostTenTimesASecondButTheLastCountIsNotLost()
    {
        var (bars, screen, clock) = Start();
        bars.Layer(A, "Pulling fs layer");
        Take(screen);
        clock.Advance(TimeSpan.FromSeconds(1));
        bars.Bytes(A, "Downloading", 1_000_000, 200_000_000);
        Assert.Contains("1MB/200MB", Take(screen));

        clock.Advance(TimeSpan.FromMilliseconds(50));
        bars.Bytes(A, "Downloading", 2_000_000, 200_000_000);
        Assert.Equal("", Take(screen));

        clock.Advance(TimeSpan.FromMilliseconds(60));
        bars.Bytes(A, "Downloading", 3_000_000, 200_000_000);
        Assert.Contains("3MB/200MB", Take(screen));

        bars.Bytes(A, "Downloading", 4_000_000, 200_000_000);
        Assert.Equal("", Take(screen));
        bars.Dispose();
        Assert.Equal($"{Up}1A" + Clear + $"{A.Short}: Downloading [=>{new string(' ', 49)}]      4MB/200MB\n", Take(screen));
    }

    [Fact]
    public void AStateChangeIsDrawnAtOnceEvenRightAfterACount()
    {
        var (bars, screen, _) = Start();
        bars.Bytes(A, "Downloading", 100, 200);
        Take(screen);
        bars.Layer(A, "Download complete");
        Assert.Equal($"{Up}1A" + Clear + $"{A.Short}: Download complete\n", Take(screen));
    }

    [Fact]
    public void ALineOfItsOwnEndsTheBlockWithItsLastState()
    {
        var (bars, screen, _) = Start();
        bars.Bytes(A, "Pushing", 100, 200);
        bars.Bytes(A, "Pushing", 150, 200);
        Take(screen);
        bars.Line("latest: digest: sha256:abc size: 528");
        Assert.Equal($"{Up}1A" + Clear + $"{A.Short}: Pushing [{new string('=', 37)}>{new string(' ', 13)}]     150B/200B\n" +
            "latest: digest: sha256:abc size: 528\n", Take(screen));
        // A layer after that line starts a new block below it rather than moving the cursor over the line.
        bars.Layer(B, "Preparing");
        Assert.Equal(Clear + $"{B.Short}: Preparing\n", Take(screen));
    }

    [Fact]
    public void LinesAreCutToTheTerminalWidthSoTheyNeverWrap()
    {
        var (bars, screen, _) = Start(width: 20);
        bars.Layer(A, "Downloading a very long state");
        Assert.Equal(Clear + $"{A.Short}: Downl\n", Take(screen));
    }

    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(12_345_678, "12.35MB")]
    [InlineData(209_715_200, "209.7MB")]
    [InlineData(5_421_000, "5.421MB")]
    [InlineData(3_000_000_000, "3GB")]
    public void SizesAreDecimalWithFourSignificantDigitsAsDockerPrintsThem(long bytes, string expected) =>
        Assert.Equal(expected, ProgressBar.HumanSize(bytes));

    [Fact]
    public void TheBarShowsOnlyOnWideTerminalsAndIsFullAtTheEnd()
    {
        Assert.Equal("  12.3MB/200MB", ProgressBar.Format(12_300_000, 200_000_000, terminalWidth: 80));
        Assert.Equal($"[{new string('=', 50)}>]  209.7MB/209.7MB", ProgressBar.Format(209_715_200, 209_715_200, terminalWidth: 120));
        Assert.Equal($"[>{new string(' ', 50)}]       0B/1kB", ProgressBar.Format(0, 1000, terminalWidth: 120));
    }
}
