using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>`logs` over docker's json-file logs: -f, --tail, -t, --since/--until, and rotation with --log-opt.</summary>
public sealed class LogsTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    string RunToCompletion(string script, params string[] flags)
    {
        var name = BerthFixture.UniqueName();
        berth.Run(["run", "-d", "--name", name, .. flags, BerthFixture.Image, "sh", "-c", script], null).Ok();
        berth.Run("wait", name).Ok();
        return name;
    }

    [Fact]
    public async Task FollowStreamsNewOutputUntilTheContainerStops()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, BerthFixture.Image, "sh", "-c", "trap 'exit 0' TERM; i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.1; done").Ok();
        using var follow = berth.Start("logs", "-f", name);
        var lines = new BlockingCollection<string>();
        var reader = Task.Run(() =>
        {
            while (follow.StandardOutput.ReadLine() is { } line) lines.Add(line);
            lines.CompleteAdding();
        });

        Poll.Until(() => lines.Count >= 5, Patience, "five ticks to be followed");
        Assert.False(follow.HasExited, "logs -f returned while the container still ran");

        berth.Run("stop", name).Ok();

        Assert.True(follow.WaitForExit(10_000), "logs -f did not return after the container stopped");
        await reader.WaitAsync(Patience);
        Assert.Equal(0, follow.ExitCode);
        var received = lines.ToList();
        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => $"tick {i}"), received);
        Assert.Equal(berth.Run("logs", name).Ok().Lines, received);
    }

    [Fact]
    public void FollowOfAStoppedContainerPrintsItAllAndReturns()
    {
        var name = RunToCompletion("echo one; echo two");

        var result = berth.Run(["logs", "-f", name], null, TimeSpan.FromSeconds(10)).Ok();

        Assert.Equal("one\ntwo\n", result.Stdout);
    }

    [Theory]
    [InlineData("2", "line 4\nline 5\n")]
    [InlineData("0", "")]
    [InlineData("all", "line 1\nline 2\nline 3\nline 4\nline 5\n")]
    [InlineData("10", "line 1\nline 2\nline 3\nline 4\nline 5\n")]
    public void TailShowsTheLastLines(string tail, string expected)
    {
        var name = RunToCompletion("for i in 1 2 3 4 5; do echo line $i; done");

        Assert.Equal(expected, berth.Run("logs", "--tail", tail, name).Ok().Stdout);
    }

    [Fact]
    public void TimestampsPrefixEachLineInDockersFixedFormat()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var name = RunToCompletion("echo first; echo second >&2");

        var result = berth.Run("logs", "-t", name).Ok();

        var pattern = new Regex(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) (\w+)$");
        var stdout = pattern.Match(result.Stdout.TrimEnd('\n'));
        var stderr = pattern.Match(result.Stderr.TrimEnd('\n'));
        Assert.True(stdout.Success, result.Stdout);
        Assert.True(stderr.Success, result.Stderr);
        Assert.Equal("first", stdout.Groups[2].Value);
        Assert.Equal("second", stderr.Groups[2].Value);
        var time = DateTimeOffset.Parse(stdout.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(time, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public void SinceAndUntilCutByTime()
    {
        var name = RunToCompletion("echo early; sleep 1.2; echo late");
        var times = berth.Run("logs", "-t", name).Ok().Lines.Select(l => DateTimeOffset.Parse(l.Split(' ')[0], CultureInfo.InvariantCulture)).ToList();
        var middle = times[0] + (times[1] - times[0]) / 2;

        var sinceUnix = berth.Run("logs", "--since", (middle.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture), name).Ok();
        var sinceRfc = berth.Run("logs", "--since", middle.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), name).Ok();
        var until = berth.Run("logs", "--until", middle.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), name).Ok();
        var lastHour = berth.Run("logs", "--since", "1h", name).Ok();
        var future = berth.Run("logs", "--since", DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), name).Ok();

        Assert.Equal("late\n", sinceUnix.Stdout);
        Assert.Equal("late\n", sinceRfc.Stdout);
        Assert.Equal("early\n", until.Stdout);
        Assert.Equal("early\nlate\n", lastHour.Stdout);
        Assert.Equal("", future.Stdout);
    }

    [Fact]
    public void LogsAreDockersJsonFileFormat()
    {
        var name = RunToCompletion("echo 'a \"quoted\" line'");

        var line = Assert.Single(File.ReadAllLines(berth.Inspect(name, "{{.LogPath}}")));

        Assert.Matches(@"^\{""log"":""a \\""quoted\\"" line\\n"",""stream"":""stdout"",""time"":""\d{4}-\d\d-\d\dT[\d:.]+Z""\}$", line);
    }

    [Fact]
    public void MaxSizeAndMaxFileRotateAndBoundTheLogs()
    {
        var name = RunToCompletion("i=1; while [ $i -le 300 ]; do echo line $i; i=$((i+1)); done", "--log-opt", "max-size=1k", "--log-opt", "max-file=3");
        var log = berth.Inspect(name, "{{.LogPath}}");

        var files = Directory.EnumerateFiles(Path.GetDirectoryName(log)!, Path.GetFileName(log) + "*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal([Path.GetFileName(log), Path.GetFileName(log) + ".1", Path.GetFileName(log) + ".2"], files);
        foreach (var file in files) Assert.InRange(new FileInfo(Path.Combine(Path.GetDirectoryName(log)!, file!)).Length, 1, 1024);
        var lines = berth.Run("logs", name).Ok().Lines;
        Assert.InRange(lines.Length, 10, 299);
        // The newest lines survive, oldest rotated file first, with nothing lost in between.
        var first = int.Parse(lines[0].Split(' ')[1]);
        Assert.Equal(Enumerable.Range(first, 301 - first).Select(i => $"line {i}"), lines);
        Assert.Equal(["line 299", "line 300"], berth.Run("logs", "--tail", "2", name).Ok().Lines);
    }

    [Fact]
    public void LogsOfAnUnknownContainerFail()
    {
        var result = berth.Run("logs", "no-such-container");

        Assert.Equal(1, result.Exit);
        Assert.Equal("Error: No such container: no-such-container\n", result.Stderr);
    }
}
