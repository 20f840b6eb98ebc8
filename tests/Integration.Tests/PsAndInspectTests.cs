using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>`ps` (-a, -q, -n, -l, --no-trunc, --filter, --format) and `inspect` (-f templates, docker's JSON).</summary>
public sealed class PsAndInspectTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    /// <summary>Three containers sharing a fresh label: one running, one created, one exited.</summary>
    (string Label, string Running, string Created, string Exited) ThreeStates()
    {
        var label = "set=" + Guid.NewGuid().ToString("N")[..8];
        var running = berth.RunSleeping("-l", label, "-l", "tier=web");
        var created = BerthFixture.UniqueName();
        berth.Run("create", "--name", created, "-l", label, "-l", "tier=db", BerthFixture.Image, "true").Ok();
        var exited = BerthFixture.UniqueName();
        berth.Run("run", "--name", exited, "-l", label, BerthFixture.Image, "sh", "-c", "exit 2");
        return (label, running, created, exited);
    }

    string[] Names(params string[] psArgs) => berth.Run(["ps", .. psArgs, "--format", "{{.Names}}"], null).Ok().Lines;

    [Fact]
    public void PsShowsRunningContainersAndDashAAllOfThemNewestFirst()
    {
        var (label, running, created, exited) = ThreeStates();

        Assert.Equal([running], Names("--filter", $"label={label}"));
        Assert.Equal([exited, created, running], Names("-a", "--filter", $"label={label}"));
    }

    [Fact]
    public void DefaultTableHasDockersColumns()
    {
        var (label, running, _, _) = ThreeStates();

        var lines = berth.Run("ps", "--filter", $"label={label}").Ok().Lines;

        Assert.Equal("CONTAINER ID   IMAGE     COMMAND       CREATED                  STATUS                  PORTS     NAMES", lines[0].TrimEnd());
        var row = lines[1].Split("   ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(berth.Id(running)[..12], row[0]);
        Assert.Equal(BerthFixture.Image, row[1]);
        Assert.Equal("\"sleep 300\"", row[2]);
        Assert.StartsWith("Up ", row[4]);
        Assert.Equal(running, row[^1]);
    }

    [Fact]
    public void QuietPrintsShortIdsAndNoTruncFullOnes()
    {
        var (label, running, created, exited) = ThreeStates();

        var quiet = berth.Run("ps", "-aq", "--filter", $"label={label}").Ok().Lines;
        var full = berth.Run("ps", "-aq", "--no-trunc", "--filter", $"label={label}").Ok().Lines;

        Assert.Equal(new[] { exited, created, running }.Select(n => berth.Id(n)[..12]), quiet);
        Assert.Equal(new[] { exited, created, running }.Select(berth.Id), full);
    }

    [Fact]
    public void NoTruncKeepsTheWholeCommand()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("create", "--name", name, BerthFixture.Image, "sh", "-c", "echo a command longer than twenty characters").Ok();

        var truncated = berth.Run("ps", "-a", "--filter", $"name={name}", "--format", "{{.Command}}").Ok().Stdout.Trim();
        var whole = berth.Run("ps", "-a", "--no-trunc", "--filter", $"name={name}", "--format", "{{.Command}}").Ok().Stdout.Trim();

        Assert.Equal("\"sh -c echo a comman…\"", truncated);
        Assert.Equal("\"sh -c echo a command longer than twenty characters\"", whole);
    }

    [Fact]
    public void LastAndLatestShowTheNewestInAnyState()
    {
        var (_, _, created, exited) = ThreeStates();

        Assert.Equal([exited, created], Names("-n", "2"));
        Assert.Equal([exited], Names("-l"));
    }

    [Theory]
    [InlineData("running")]
    [InlineData("created")]
    [InlineData("exited")]
    public void StatusFilterPicksTheState(string status)
    {
        var (label, running, created, exited) = ThreeStates();
        var expected = status switch { "running" => running, "created" => created, _ => exited };

        Assert.Equal([expected], Names("--filter", $"label={label}", "--filter", $"status={status}"));
    }

    [Fact]
    public void SameFilterKeyOrsAndDifferentKeysAnd()
    {
        var (label, running, created, exited) = ThreeStates();

        Assert.Equal([exited, running], Names("-a", "--filter", $"label={label}", "--filter", "status=running", "--filter", "status=exited"));
        Assert.Equal([created], Names("-a", "--filter", $"label={label}", "--filter", "label=tier=db"));
        Assert.Equal([created, running], Names("-a", "--filter", $"label={label}", "--filter", "label=tier"));
    }

    [Fact]
    public void NameFilterMatchesPartOfTheName()
    {
        var (label, running, _, _) = ThreeStates();

        Assert.Equal([running], Names("-a", "--filter", $"name={running[3..]}"));
        Assert.Empty(Names("-a", "--filter", $"label={label}", "--filter", "name=no-such-part"));
    }

    [Fact]
    public void AncestorFilterMatchesTheImageByNameOrId()
    {
        var (label, running, created, exited) = ThreeStates();
        var imageId = berth.Inspect(BerthFixture.Image, "{{.Id}}");

        Assert.Equal([exited, created, running], Names("-a", "--filter", $"label={label}", "--filter", $"ancestor={BerthFixture.Image}"));
        Assert.Equal([exited, created, running], Names("-a", "--filter", $"label={label}", "--filter", $"ancestor={imageId[7..19]}"));
        Assert.Empty(Names("-a", "--filter", $"label={label}", "--filter", "ancestor=other-image"));
    }

    [Fact]
    public void FormatTemplatesAndTables()
    {
        var (label, running, _, exited) = ThreeStates();

        var plain = berth.Run("ps", "-a", "--filter", $"label={label}", "--filter", "status=exited", "--format", "{{.Names}}|{{.State}}|{{.Status}}|{{.Labels}}").Ok().Stdout.Trim();
        var table = berth.Run("ps", "--filter", $"label={label}", "--format", "table {{.Names}}\t{{.Image}}\t{{.State}}").Ok().Lines;
        var json = JsonDocument.Parse(berth.Run("ps", "--filter", $"label={label}", "--format", "json").Ok().Stdout).RootElement;

        Assert.Matches($"^{exited}\\|exited\\|Exited \\(2\\) .+ ago\\|{label}$", plain);
        Assert.Equal(["NAMES", "IMAGE", "STATE"], table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal([running, BerthFixture.Image, "running"], table[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // Columns line up: every cell starts where its header does.
        Assert.Equal(table[0].IndexOf("IMAGE", StringComparison.Ordinal), table[1].IndexOf(BerthFixture.Image, StringComparison.Ordinal));
        Assert.Equal(running, json.GetProperty("Names").GetString());
        Assert.Equal("running", json.GetProperty("State").GetString());
    }

    [Fact]
    public void FormatLabelMethodReadsOneLabel()
    {
        var (label, running, _, _) = ThreeStates();

        Assert.Equal(["web"], berth.Run("ps", "--filter", $"label={label}", "--format", "{{.Label \"tier\"}}").Ok().Lines);
        Assert.Equal([running], Names("--filter", $"label={label}"));
    }

    [Fact]
    public void InvalidFiltersAndTemplatesAreErrors()
    {
        var badFilter = berth.Run("ps", "--filter", "colour=red");
        var badStatus = berth.Run("ps", "--filter", "status=sleeping");
        var badTemplate = berth.Run("ps", "--format", "{{.Names");

        Assert.Equal((1, "Error: invalid filter 'colour'\n"), (badFilter.Exit, badFilter.Stderr));
        Assert.Equal((1, "Error: invalid filter 'status=sleeping'\n"), (badStatus.Exit, badStatus.Stderr));
        Assert.Equal(1, badTemplate.Exit);
        Assert.StartsWith("Error: template parsing error: template: ", badTemplate.Stderr);
    }

    [Fact]
    public void InspectFormatReadsConfigAndState()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, "-e", "ALPHA=1", "-e", "BETA=two words", "-l", "k=v", "-l", "other=x", BerthFixture.Image, "sh", "-c", "exit 3");

        var env = berth.Inspect(name, "{{.Config.Env}}");
        var state = JsonDocument.Parse(berth.Inspect(name, "{{json .State}}")).RootElement;
        var label = berth.Inspect(name, "{{index .Config.Labels \"k\"}}");
        var missing = berth.Inspect(name, "{{index .Config.Labels \"absent\"}}");
        var ranged = berth.Inspect(name, "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}");

        Assert.Equal("[ALPHA=1 BETA=two words]", env);
        Assert.Equal("exited", state.GetProperty("Status").GetString());
        Assert.Equal(3, state.GetProperty("ExitCode").GetInt32());
        Assert.False(state.GetProperty("Running").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT[\d:.]+Z$", state.GetProperty("FinishedAt").GetString());
        Assert.Equal("v", label);
        Assert.Equal("", missing);
        Assert.Equal("k=v;other=x;", ranged);
    }

    [Fact]
    public void InspectPrintsDockersDocument()
    {
        var name = berth.RunSleeping("-h", "inspected");
        var id = berth.Id(name);

        var document = JsonDocument.Parse(berth.Run("inspect", name).Ok().Stdout).RootElement;

        var container = Assert.Single(document.EnumerateArray());
        Assert.Equal(id, container.GetProperty("Id").GetString());
        Assert.Equal("/" + name, container.GetProperty("Name").GetString());
        Assert.Equal("sleep", container.GetProperty("Path").GetString());
        Assert.Equal("300", container.GetProperty("Args")[0].GetString());
        Assert.Equal("inspected", container.GetProperty("Config").GetProperty("Hostname").GetString());
        Assert.Equal(BerthFixture.Image, container.GetProperty("Config").GetProperty("Image").GetString());
        Assert.StartsWith("sha256:", container.GetProperty("Image").GetString());
        Assert.Equal("running", container.GetProperty("State").GetProperty("Status").GetString());
        Assert.EndsWith("Z", container.GetProperty("Created").GetString());
        Assert.True(container.TryGetProperty("HostConfig", out _));
        Assert.True(container.TryGetProperty("NetworkSettings", out _));
        Assert.False(container.TryGetProperty("Berth", out _));
    }

    [Fact]
    public void InspectOfSeveralKeepsGoingPastAMissingOne()
    {
        var name = berth.CreateSleeping();

        var result = berth.Run("inspect", "-f", "{{.Name}}", name, "no-such-thing");

        Assert.Equal(1, result.Exit);
        Assert.Equal($"/{name}\n", result.Stdout);
        Assert.Equal("Error: No such object: no-such-thing\n", result.Stderr);
    }

    [Fact]
    public void InspectTypeChoosesBetweenContainerAndImage()
    {
        var name = berth.CreateSleeping();

        Assert.Equal("layers", berth.Run("inspect", "--type", "image", "-f", "{{.RootFS.Type}}", BerthFixture.Image).Ok().Stdout.Trim());
        Assert.Equal(1, berth.Run("inspect", "--type", "image", name).Exit);
        Assert.Equal("/" + name, berth.Run("container", "inspect", "-f", "{{.Name}}", name).Ok().Stdout.Trim());
    }

    [Fact]
    public void ContainerLsIsPs()
    {
        var (label, running, _, _) = ThreeStates();

        Assert.Equal([running], berth.Run("container", "ls", "--filter", $"label={label}", "--format", "{{.Names}}").Ok().Lines);
    }
}
