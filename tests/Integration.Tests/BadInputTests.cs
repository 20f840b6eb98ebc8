using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>
/// Bad input gets one clear line on stderr and docker's exit code, and leaves nothing half-made:
/// no container or run directory, no cgroup, no mount, no volume, no name, and for a refused
/// layer no image, layer or blob.
/// </summary>
public sealed class BadInputTests(BerthFixture berth) : IClassFixture<BerthFixture>, IDisposable
{
    readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Runs a command that must fail, and checks it left nothing behind.</summary>
    BerthResult Refused(params string[] args)
    {
        var before = berth.Leftovers();
        var processesBefore = HostProcesses.MonitorTree(berth.Root);
        var result = berth.Run(args);
        Assert.NotEqual(0, result.Exit);
        berth.AssertNothingLeftSince(before);
        // The monitor spawned for the run (and any init it cloned ahead) goes when the CLI gives up.
        Poll.Until(() => !HostProcesses.MonitorTree(berth.Root).Except(processesBefore).Any(), TimeSpan.FromSeconds(5),
            "the refused run's monitor and its children to exit");
        return result;
    }

    static void AssertOneLine(string expected, string stderr) => Assert.Equal(expected + "\n", stderr);

    /// <summary>Flag errors are docker's two lines: the problem, then where to find help.</summary>
    static void AssertUsageError(string expected, string stderr) => Assert.Equal($"berth: {expected}\nSee 'berth run --help'.\n", stderr);

    [Fact]
    public void UnknownImage()
    {
        var result = Refused("run", "--rm", "no-such-image", "true");

        Assert.Equal(125, result.Exit);
        AssertOneLine("Error: Unable to find image 'no-such-image:latest' locally: import it with 'berth import' or load it with 'berth load'", result.Stderr);
    }

    [Fact]
    public void UnknownFlag()
    {
        var result = Refused("run", "--no-such-flag", BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        AssertUsageError("unknown flag: --no-such-flag", result.Stderr);
    }

    [Fact]
    public void UnknownShorthandFlag()
    {
        var result = Refused("run", "-Z", BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        Assert.StartsWith("berth: unknown shorthand flag: 'Z' in -Z\n", result.Stderr);
    }

    [Theory]
    [InlineData("12xyz")]
    [InlineData("lots")]
    [InlineData("-5m")]
    public void MalformedMemorySize(string size)
    {
        var result = Refused("run", "-d", "-m", size, BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        AssertUsageError($"invalid argument \"{size}\" for \"-m, --memory\" flag: invalid size: '{size}'", result.Stderr);
    }

    [Fact]
    public void MemoryBelowTheMinimum()
    {
        var result = Refused("run", "-d", "-m", "1k", BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        AssertOneLine("Error: Minimum memory limit allowed is 6MB", result.Stderr);
    }

    [Fact]
    public void NameAlreadyTaken()
    {
        var name = berth.RunSleeping();
        var owner = berth.Id(name);

        var result = Refused("run", "-d", "--name", name, BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        AssertOneLine($"Error: Conflict. The container name \"/{name}\" is already in use by container \"{owner}\". You have to remove (or rename) that container to be able to reuse that name.", result.Stderr);
        Assert.Equal($"{owner} running", berth.Inspect(name, "{{.Id}} {{.State.Status}}"));
    }

    [Fact]
    public void InvalidName()
    {
        var result = Refused("run", "-d", "--name", "bad/name", BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        AssertOneLine("Error: Invalid container name (bad/name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", result.Stderr);
    }

    [Fact]
    public void CommandMissingFromTheImage()
    {
        var result = Refused("run", "--rm", BerthFixture.Image, "no-such-command");

        Assert.Equal(127, result.Exit);
        AssertOneLine("Error: exec: \"no-such-command\": executable file not found in $PATH", result.Stderr);
    }

    [Fact]
    public void CommandPathMissingFromTheImage()
    {
        var result = Refused("run", "--rm", BerthFixture.Image, "/no/such/path");

        Assert.Equal(127, result.Exit);
        AssertOneLine("Error: exec: \"/no/such/path\": stat /no/such/path: no such file or directory", result.Stderr);
    }

    [Theory]
    [InlineData("/etc/passwd", "permission denied")]
    [InlineData("/etc", "is a directory")]
    public void CommandNotExecutable(string command, string reason)
    {
        var result = Refused("run", "--rm", BerthFixture.Image, command);

        Assert.Equal(126, result.Exit);
        AssertOneLine($"Error: exec: \"{command}\": {reason}", result.Stderr);
    }

    [Fact]
    public void FailedStartWithoutRmKeepsAnExitedContainerButNothingRunning()
    {
        var name = BerthFixture.UniqueName();
        var before = berth.Leftovers();

        var result = berth.Run("run", "--name", name, BerthFixture.Image, "no-such-command");

        Assert.Equal(127, result.Exit);
        // As docker: the container stays, exited with the reason; nothing of it runs or is mounted.
        Assert.Equal("exited 127", berth.Inspect(name, "{{.State.Status}} {{.State.ExitCode}}"));
        Assert.Contains("executable file not found", berth.Inspect(name, "{{.State.Error}}"));
        var left = berth.Leftovers().Since(before);
        Assert.Empty(left.Cgroups);
        Assert.Empty(left.Mounts);
        Assert.DoesNotContain(berth.Id(name), HostProcesses.Monitors(berth.RunRoot).Select(m => m.Id));
    }

    [Fact]
    public void BindSourceMissingWithMount()
    {
        var result = Refused("run", "--rm", "--mount", "type=bind,source=/no/such/dir,target=/data", BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        AssertOneLine("Error: invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir", result.Stderr);
    }

    [Theory]
    [InlineData(new[] { "--mount", "type=nfs,target=/x" }, "Error: invalid mount type \"nfs\": use bind, volume or tmpfs")]
    [InlineData(new[] { "--mount", "type=bind,source=/tmp" }, "Error: invalid argument \"type=bind,source=/tmp\" for \"--mount\" flag: target is required")]
    [InlineData(new[] { "-v", "/tmp:relative" }, "Error: invalid mount config: mount path must be absolute: \"relative\"")]
    [InlineData(new[] { "-v", "/tmp:/x:bogus" }, "Error: invalid mode: bogus in volume specification \"/tmp:/x:bogus\"")]
    [InlineData(new[] { "-v", "/tmp:/same", "--tmpfs", "/same" }, "Error: Duplicate mount point: /same")]
    [InlineData(new[] { "--network", "bogus" }, "Error: network bogus not found: create it with 'berth network create bogus'")]
    [InlineData(new[] { "-w", "relative" }, "Error: the working directory 'relative' is invalid, it needs to be an absolute path")]
    [InlineData(new[] { "--ulimit", "nofile=20:10" }, "Error: ulimit soft limit must be less than or equal to hard limit: 20 > 10")]
    [InlineData(new[] { "--security-opt", "bogus" }, "Error: invalid --security-opt: \"bogus\"")]
    public void InvalidOptions(string[] flags, string message)
    {
        var result = Refused(["run", "--rm", .. flags, BerthFixture.Image, "true"]);

        Assert.Equal(125, result.Exit);
        AssertOneLine(message, result.Stderr);
    }

    [Fact]
    public void TooManyCpus()
    {
        var cpus = Environment.ProcessorCount + 1;

        var result = Refused("run", "--rm", "--cpus", cpus.ToString(), BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        AssertOneLine($"Error: range of CPUs is from 0.01 to {Environment.ProcessorCount}.00, as there are only {Environment.ProcessorCount} CPUs available", result.Stderr);
    }

    // Hostile layers: each is refused whole by `berth import`, and the store is as it was.

    /// <summary>A host directory a hostile layer aims at: anything written into it would be an escape.</summary>
    string Target() => Directory.CreateDirectory(_files.Sub("target-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    /// <summary>A relative path from the layer's unpack directory (a few levels below /) up to <paramref name="hostPath"/>.</summary>
    static string Climb(string hostPath) => string.Concat(Enumerable.Repeat("../", 8)) + hostPath.TrimStart('/');

    /// <summary>Imports a layer of <paramref name="entries"/>, which must be refused with <paramref name="reason"/> (any one line when null).</summary>
    void AssertImportRefused(string? reason, params System.Formats.Tar.TarEntry[] entries)
    {
        var tarball = Tarballs.Write(_files.Sub(Guid.NewGuid().ToString("N") + ".tar"), [Tarballs.File("fine.txt", Guid.NewGuid().ToString()), .. entries]);
        var store = berth.StoreEntries();
        var images = berth.Run("images", "-a", "-q", "--no-trunc").Ok().Lines;
        var before = berth.Leftovers();

        var result = berth.Run("import", tarball, "hostile:" + Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal(1, result.Exit);
        if (reason is null) Assert.Matches("^Error: [^\n]+\n$", result.Stderr);
        else AssertOneLine($"Error: {reason}", result.Stderr);
        Assert.Equal(images, berth.Run("images", "-a", "-q", "--no-trunc").Ok().Lines);
        Assert.Equal(store, berth.StoreEntries());
        berth.AssertNothingLeftSince(before);
    }

    [Fact]
    public void LayerWithDotDotPath()
    {
        var target = Target();
        var path = Climb(Path.Combine(target, "escaped.txt"));

        AssertImportRefused($"layer entry \"{path}\" escapes the root: refusing the layer", Tarballs.File(path, "escaped\n"));

        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public void LayerWithDotDotInTheMiddle()
    {
        AssertImportRefused("layer entry \"etc/../../escaped.txt\" escapes the root: refusing the layer", Tarballs.Directory("etc/"), Tarballs.File("etc/../../escaped.txt", "escaped\n"));
    }

    [Fact]
    public void LayerWithASymlinkLeadingOut()
    {
        var target = Target();
        var link = Climb(target);

        AssertImportRefused($"layer entry \"out\" is a symlink to \"{link}\", which escapes the root: refusing the layer",
            Tarballs.Symlink("out", link), Tarballs.File("out/through-link.txt", "escaped\n"));

        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public void LayerWritingThroughAnAbsoluteSymlink()
    {
        var target = Target();

        // An absolute link is the image's own path, not the host's: writing through it must not reach the host.
        AssertImportRefused(null, Tarballs.Symlink("abs", target), Tarballs.File("abs/through-link.txt", "escaped\n"));

        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public void LayerWithAHardlinkLeadingOut()
    {
        var secret = Path.Combine(Target(), "secret");
        File.WriteAllText(secret, "host secret\n");
        var link = Climb(secret);

        AssertImportRefused($"layer entry \"stolen\" is a hardlink to \"{link}\", which escapes the root: refusing the layer", Tarballs.Hardlink("stolen", link));

        Assert.Equal(1u, HostFiles.LinkCount(secret));
    }
}
