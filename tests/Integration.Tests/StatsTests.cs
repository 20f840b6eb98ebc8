using System.Globalization;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>`berth stats --no-stream`: docker's columns from the container's cgroup.</summary>
public sealed class StatsTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    [Fact]
    public void ShowsTheMemoryLimitSetWithDashM()
    {
        // No network: on a bridge the kernel's own multicast chatter makes NET I/O a few hundred bytes, as in docker.
        var name = berth.RunSleeping("-m", "64m", "--network", "none");

        var row = berth.Run("stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}|{{.NetIO}}", name).Ok().Stdout.Trim();

        var fields = row.Split('|');
        Assert.Equal(name, fields[0]);
        Assert.EndsWith(" / 64MiB", fields[1]);
        Assert.False(fields[1].StartsWith("0B", StringComparison.Ordinal), $"a running sleep uses some memory: {fields[1]}");
        Assert.Equal("1", fields[2]);
        Assert.Equal("0B / 0B", fields[3]);
    }

    [Fact]
    public void DefaultTableHasDockersColumns()
    {
        // No network, so that NET I/O stays "0B / 0B" and the header keeps the width it is compared with.
        var name = berth.RunSleeping("--network", "none");

        var lines = berth.Run("stats", "--no-stream", name).Ok().Lines;

        Assert.StartsWith("CONTAINER ID   NAME ", lines[0]);
        Assert.Contains("CPU %", lines[0]);
        Assert.EndsWith("MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS", lines[0]);
        Assert.Contains(name, lines[1]);
    }

    [Fact]
    public void BusyContainerUsesCpu()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "-d", "--name", name, BerthFixture.Image, "sh", "-c", "while :; do :; done").Ok();

        var cpu = berth.Run("stats", "--no-stream", "--format", "{{.CPUPerc}}", name).Ok().Stdout.Trim();

        Assert.EndsWith("%", cpu);
        Assert.True(double.Parse(cpu.TrimEnd('%'), CultureInfo.InvariantCulture) > 20, $"a busy loop showed {cpu}");
    }

    [Fact]
    public void StoppedContainerShowsZerosWithDashA()
    {
        var name = berth.CreateSleeping();

        var lines = berth.Run("stats", "--no-stream", "-a", "--format", "{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}").Ok().Lines;

        Assert.Contains($"{name} 0.00% 0B / 0B 0", lines);
    }
}
