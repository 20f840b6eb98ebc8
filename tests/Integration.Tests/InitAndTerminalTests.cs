using System.Diagnostics;
using System.Text;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>--init (a PID 1 that reaps and forwards signals), and -it with a real pseudo-terminal driven through `script`.</summary>
public sealed class InitAndTerminalTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>The subshell forks a short sleep and exits at once: the sleep is orphaned to PID 1, which the exec'd `sleep 300` never reaps.</summary>
    const string MakeOrphan = "(sleep 0.1 &); exec sleep 300";

    List<(string Stat, string Args)> Processes(string name) =>
        berth.Run("exec", name, "ps", "-o", "stat,args").Ok().Lines.Skip(1)
            .Select(l => l.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries)).Select(p => (p[0], p.Length > 1 ? p[1] : "")).ToList();

    [Fact]
    public void WithoutInitAnOrphanStaysAZombie()
    {
        var plain = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", plain, BerthFixture.Image, "sh", "-c", MakeOrphan).Ok();

        Poll.Until(() => Processes(plain).Any(p => p.Stat.StartsWith('Z')), Patience, "the orphan to exit and stay unreaped");
    }

    [Fact]
    public void InitReapsOrphanedZombies()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--init", "--name", name, BerthFixture.Image, "sh", "-c", MakeOrphan).Ok();

        // Once the orphan's sleep is over it must be gone entirely, not left as a zombie.
        var processes = Poll.Until(() => Processes(name), ps => !ps.Any(p => p.Args == "sleep 0.1"), Patience, "the orphan to finish");
        Thread.Sleep(200);
        processes = Processes(name);

        Assert.DoesNotContain(processes, p => p.Stat.StartsWith('Z'));
        Assert.Contains(processes, p => p.Args == "sleep 300");
    }

    [Fact]
    public void InitIsPidOneAndTheCommandItsChild()
    {
        var lines = berth.Run("run", "--rm", "--init", BerthFixture.Image, "sh", "-c", "echo $$ $PPID; true").Ok().Lines;

        var ids = lines[0].Split(' ');
        Assert.NotEqual("1", ids[0]);
        Assert.Equal("1", ids[1]);
    }

    [Fact]
    public void InitForwardsTheStopSignal()
    {
        // Without --init, `sleep` as PID 1 ignores TERM and stop has to wait for its timeout (see StopTests).
        var name = berth.RunSleeping("--init");
        var clock = Stopwatch.StartNew();

        berth.Run("stop", name).Ok();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stop took {clock.Elapsed}");
        Assert.Equal("143", berth.Inspect(name, "{{.State.ExitCode}}"));
    }

    [Fact]
    public void InitForwardsKillSignals()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--init", "--name", name, BerthFixture.Image, "sh", "-c", "trap 'exit 30' USR1; while :; do sleep 0.05; done").Ok();
        Thread.Sleep(300);

        berth.Run("kill", "-s", "USR1", name).Ok();

        Assert.Equal("30\n", berth.Run("wait", name).Ok().Stdout);
    }

    /// <summary>Runs a shell script inside `script`, i.e. with a real terminal as stdin/stdout, and this fixture's root.</summary>
    BerthResult InTerminal(string shellScript, string input = "")
    {
        using var dir = new TempDirectory();
        var file = dir.File("session.sh", shellScript.Replace("BERTH", berth.Binary));
        return berth.RunProgram("script", ["-qec", $"sh {file}", "/dev/null"], Encoding.UTF8.GetBytes(input), Patience);
    }

    /// <summary>Output lines without the carriage returns that each of the two terminals (the container's, script's) adds.</summary>
    static string[] Lines(BerthResult result) => result.Stdout.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void InteractiveTerminalTakesInputSizeAndExitCode()
    {
        var result = InTerminal(
            "stty rows 33 cols 111\nBERTH run -it --rm busybox sh\n",
            "test -t 0 && test -t 1 && echo on-a-tty; stty size; echo $TERM; exit 3\n");

        Assert.Equal(3, result.Exit);
        var lines = Lines(result);
        Assert.Contains("on-a-tty", lines);
        Assert.Contains("33 111", lines);
        Assert.Contains("xterm", lines);
    }

    [Fact]
    public void TerminalFollowsWindowResizes()
    {
        var result = InTerminal("""
            stty rows 33 cols 111
            BERTH run -it --rm busybox sh -c 'stty size; sleep 1.5; stty size' &
            sleep 0.7
            stty rows 44 cols 99
            wait $!
            """);

        Assert.Equal(0, result.Exit);
        Assert.Equal(["33 111", "44 99"], Lines(result));
    }

    [Fact]
    public void TtyWithoutInteractiveStillUsesATerminal()
    {
        var result = InTerminal("BERTH run -t --rm busybox sh -c 'test -t 1 && echo tty-out; exit 4'\n");

        Assert.Equal(4, result.Exit);
        Assert.Equal(["tty-out"], Lines(result));
    }

    [Fact]
    public void NonTerminalRunHasNoTty()
    {
        var result = berth.Run("run", "--rm", BerthFixture.Image, "sh", "-c", "test -t 1 || echo not-a-tty");

        Assert.Equal("not-a-tty\n", result.Ok().Stdout);
    }
}
