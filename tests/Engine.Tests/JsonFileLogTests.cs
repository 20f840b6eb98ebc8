using System.Text;
using Berth.Engine.Logs;

namespace Berth.Engine.Tests;

public sealed class JsonFileLogTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("berth-logs-").FullName;
    string LogPath => Path.Combine(_dir, "c-json.log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LinesKeepTheirStreamAndOrder()
    {
        using (var writer = new JsonFileLogWriter(LogPath, new Dictionary<string, string>()))
        {
            writer.Write(false, "one\ntw"u8);
            writer.Write(true, "err\n"u8);
            writer.Write(false, "o\n"u8);
        }
        var entries = LogReader.Read(LogPath, new LogQuery()).ToList();
        Assert.Equal(["one\n", "err\n", "two\n"], entries.Select(e => Encoding.UTF8.GetString(e.Line)));
        Assert.Equal([false, true, false], entries.Select(e => e.Stderr));
        Assert.Contains("\"stream\":\"stderr\"", File.ReadAllText(LogPath));
    }

    [Fact]
    public void PartialLineIsFlushedAtClose()
    {
        using (var writer = new JsonFileLogWriter(LogPath, new Dictionary<string, string>())) writer.Write(false, "no newline"u8);
        Assert.Equal("no newline", Encoding.UTF8.GetString(LogReader.Read(LogPath, new LogQuery()).Single().Line));
    }

    [Fact]
    public void EscapesControlCharactersAndKeepsUnicode()
    {
        using (var writer = new JsonFileLogWriter(LogPath, new Dictionary<string, string>())) writer.Write(false, Encoding.UTF8.GetBytes("tab\there \"q\" ünï\n"));
        Assert.Equal("tab\there \"q\" ünï\n", Encoding.UTF8.GetString(LogReader.Read(LogPath, new LogQuery()).Single().Line));
    }

    [Fact]
    public void RotatesBySizeAndKeepsMaxFiles()
    {
        using (var writer = new JsonFileLogWriter(LogPath, new Dictionary<string, string> { ["max-size"] = "1k", ["max-file"] = "3" }))
            for (var i = 0; i < 200; i++) writer.Write(false, Encoding.UTF8.GetBytes($"line {i:D4}\n"));
        Assert.True(File.Exists(LogPath + ".1"));
        Assert.True(File.Exists(LogPath + ".2"));
        Assert.False(File.Exists(LogPath + ".3"));
        Assert.All(new[] { LogPath, LogPath + ".1", LogPath + ".2" }, f => Assert.True(new FileInfo(f).Length <= 1024));
        var lines = LogReader.Read(LogPath, new LogQuery()).Select(e => Encoding.UTF8.GetString(e.Line)).ToList();
        Assert.Equal("line 0199\n", lines[^1]);
        Assert.Equal(lines.OrderBy(l => l, StringComparer.Ordinal), lines);
    }

    [Fact]
    public void TailAndTimeFilters()
    {
        using (var writer = new JsonFileLogWriter(LogPath, new Dictionary<string, string>()))
            for (var i = 0; i < 10; i++) writer.Write(false, Encoding.UTF8.GetBytes($"{i}\n"));
        Assert.Equal(["8\n", "9\n"], LogReader.Read(LogPath, new LogQuery(Tail: 2)).Select(e => Encoding.UTF8.GetString(e.Line)));
        Assert.Empty(LogReader.Read(LogPath, new LogQuery(Tail: 0)));
        Assert.Empty(LogReader.Read(LogPath, new LogQuery(Since: DateTimeOffset.UtcNow.AddMinutes(1))));
        Assert.Equal(10, LogReader.Read(LogPath, new LogQuery(Until: DateTimeOffset.UtcNow.AddMinutes(1))).Count());
    }

    [Theory]
    [InlineData("10m", 10L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("512k", 512L << 10)]
    [InlineData("100", 100L)]
    [InlineData("1.5m", 3L << 19)]
    public void SizeSuffixes(string text, long bytes) => Assert.Equal(bytes, Sizes.Parse(text, "x"));
}
