using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>`berth top`: the host's ps, limited to the container's processes.</summary>
public sealed class TopTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    [Fact]
    public void ListsTheContainersSleepProcessAndNothingElse()
    {
        var name = berth.RunSleeping();
        var pid = berth.Run("inspect", "-f", "{{.State.Pid}}", name).Ok().Stdout.Trim();

        var lines = berth.Run("top", name).Ok().Lines;

        Assert.Equal(["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = Assert.Single(lines[1..]);
        Assert.Equal(pid, row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        Assert.EndsWith("sleep 300", row);
    }

    [Fact]
    public void PassesPsOptionsThrough()
    {
        var name = berth.RunSleeping();

        var lines = berth.Run("top", name, "-o", "pid,comm").Ok().Lines;

        Assert.Equal(["PID", "COMMAND"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("sleep", Assert.Single(lines[1..]).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    [Fact]
    public void StoppedContainerIsAnError()
    {
        var name = berth.CreateSleeping();
        var id = berth.Run("inspect", "-f", "{{.Id}}", name).Ok().Stdout.Trim();

        var result = berth.Run("top", name);

        Assert.Equal(1, result.Exit);
        Assert.Equal($"Error: container {id} is not running\n", result.Stderr);
    }
}
