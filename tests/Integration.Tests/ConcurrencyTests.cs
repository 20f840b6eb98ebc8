using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>No daemon serializes berth's commands: many at once must still leave one consistent state, and names unique.</summary>
public sealed class ConcurrencyTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    /// <summary>Runs every command on a thread of its own, all released at the same moment; returns their results in order.</summary>
    static List<BerthResult> AllAtOnce(IReadOnlyList<Func<BerthResult>> commands)
    {
        var results = new BerthResult[commands.Count];
        var errors = new Exception?[commands.Count];
        using var start = new Barrier(commands.Count);
        var threads = commands.Select((command, i) => new Thread(() =>
        {
            start.SignalAndWait();
            try { results[i] = command(); }
            catch (Exception e) { errors[i] = e; }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.All(errors, e => Assert.Null(e));
        return [.. results];
    }

    [Fact]
    public void ParallelRunsWithPsAndRmAlongsideLeaveConsistentState()
    {
        var prefix = "cc-" + Guid.NewGuid().ToString("N")[..6] + "-";
        var names = Enumerable.Range(0, 20).Select(i => $"{prefix}{i}").ToList();
        var removed = names.Where((_, i) => i % 2 == 0).ToList();
        List<Func<BerthResult>> commands =
        [
            .. names.Select(n => (Func<BerthResult>)(() => berth.Run("run", "-d", "--name", n, BerthFixture.Image, "sleep", "300"))),
            .. Enumerable.Range(0, 10).Select(_ => (Func<BerthResult>)(() => berth.Run("ps", "-a"))),
            .. removed.Select(n => (Func<BerthResult>)(() => { Thread.Sleep(Random.Shared.Next(300)); return berth.Run("rm", "-f", n); })),
        ];

        var results = AllAtOnce(commands);

        var runs = results[..20];
        var listings = results[20..30];
        var removals = results[30..];
        // A run may lose its container to the concurrent rm -f; nothing else may fail.
        Assert.All(runs, r => Assert.True(r.Exit == 0 || r.Stderr.Contains("No such container"), $"run: {r.Exit} {r.Stderr}"));
        Assert.All(listings, r => Assert.True(r.Exit == 0, $"ps: {r.Exit} {r.Stderr}"));
        Assert.All(removals, r => Assert.True(r.Exit == 0 || r.Stderr.Contains("No such container"), $"rm: {r.Exit} {r.Stderr}"));
        // Every odd container was never removed: it runs.
        Assert.All(names.Except(removed), n => Assert.Equal("running", berth.Inspect(n, "{{.State.Status}}")));
        AssertConsistent(prefix);

        // What the racing rm missed, a second rm catches; afterwards nothing of them is left.
        foreach (var name in removed.Where(n => berth.Run("inspect", n).Exit == 0)) berth.Run("rm", "-f", name).Ok();
        AssertConsistent(prefix);
        Assert.Equal(names.Except(removed).Order(StringComparer.Ordinal), Rows(prefix).Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ParallelRunsOfOneNameHaveExactlyOneWinner()
    {
        var name = "same-" + Guid.NewGuid().ToString("N")[..8];
        var before = berth.Leftovers();

        var results = AllAtOnce(Enumerable.Range(0, 20).Select(_ => (Func<BerthResult>)(() => berth.Run("run", "-d", "--name", name, BerthFixture.Image, "sleep", "300"))).ToList());

        var winner = Assert.Single(results, r => r.Exit == 0);
        var id = winner.Stdout.Trim();
        Assert.Equal(id, berth.Id(name));
        Assert.All(results.Where(r => r.Exit != 0), r =>
        {
            Assert.Equal(125, r.Exit);
            Assert.StartsWith($"Error: Conflict. The container name \"/{name}\" is already in use by container ", r.Stderr);
        });
        var added = berth.Leftovers().Since(before);
        Assert.Equal([id], added.ContainerDirs);
        Assert.Equal([id], added.RunDirs);
        Assert.Equal([id], added.Cgroups.Select(Path.GetFileName).Distinct());
        Assert.Equal([name], added.Names);
        Assert.Equal([name], Rows(name).Select(r => r.Name));
    }

    [Fact]
    public void LosersOfANameRaceAreToldTheWinnersId()
    {
        var name = "race-" + Guid.NewGuid().ToString("N")[..8];

        var results = AllAtOnce(Enumerable.Range(0, 20).Select(_ => (Func<BerthResult>)(() => berth.Run("create", "--name", name, BerthFixture.Image, "true"))).ToList());

        var id = Assert.Single(results, r => r.Exit == 0).Stdout.Trim();
        Assert.All(results.Where(r => r.Exit != 0), r => Assert.Contains($"is already in use by container \"{id}\".", r.Stderr));
    }

    [Fact]
    public void ParallelCreatesWithoutNamesGetDistinctNames()
    {
        var label = "batch=" + Guid.NewGuid().ToString("N")[..8];

        var results = AllAtOnce(Enumerable.Range(0, 20).Select(_ => (Func<BerthResult>)(() => berth.Run("create", "-l", label, BerthFixture.Image, "true"))).ToList());

        Assert.All(results, r => r.Ok());
        var names = berth.Run("ps", "-a", "--filter", $"label={label}", "--format", "{{.Names}}").Ok().Lines;
        Assert.Equal(20, names.Length);
        Assert.Equal(20, names.Distinct().Count());
    }

    record Row(string Id, string Name, string State);

    List<Row> Rows(string namePart) =>
        berth.Run("ps", "-a", "--no-trunc", "--filter", $"name={namePart}", "--format", "{{.ID}} {{.Names}} {{.State}}").Ok().Lines
            .Select(l => l.Split(' ')).Select(f => new Row(f[0], f[1], f[2])).ToList();

    /// <summary>
    /// Records, names, monitors and cgroups agree: every listed container has a record and its name,
    /// names are unique, and exactly the running ones have a live monitor and a cgroup.
    /// </summary>
    void AssertConsistent(string prefix)
    {
        var rows = Rows(prefix);
        var dirs = berth.ContainerDirIds().ToHashSet();
        Assert.All(rows, r => Assert.Contains(r.Id, dirs));
        Assert.Equal(rows.Count, rows.Select(r => r.Name).Distinct().Count());
        var namesDir = Path.Combine(berth.Root, "names");
        Assert.All(rows, r => Assert.Equal(r.Id, File.ReadAllText(Path.Combine(namesDir, r.Name)).Trim()));
        // No reserved name of this batch outlives its container.
        var reserved = Directory.EnumerateFiles(namesDir, prefix + "*").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(rows.Select(r => r.Name).Order(StringComparer.Ordinal), reserved);

        var running = rows.Where(r => r.State == "running").Select(r => r.Id).ToHashSet();
        var ours = rows.Select(r => r.Id).ToHashSet();
        var monitored = HostProcesses.Monitors(berth.RunRoot).Select(m => m.Id).Where(id => ours.Contains(id) || !dirs.Contains(id)).ToHashSet();
        Assert.Equal(running.Order(), monitored.Order());
        var withCgroup = berth.CgroupIds().Where(id => ours.Contains(id) || !dirs.Contains(id)).ToHashSet();
        Assert.Equal(running.Order(), withCgroup.Order());
        // No run directory without its container.
        Assert.All(berth.RunDirIds(), id => Assert.Contains(id, dirs));
    }
}
