using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>Bind mounts, named and anonymous volumes (with docker's copy-up), --mount, --tmpfs, and the `volume` verbs.</summary>
public sealed class VolumeTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    static string UniqueVolume() => "vol-" + Guid.NewGuid().ToString("N")[..10];

    List<string> VolumeNames() => berth.Run("volume", "ls", "-q").Ok().Lines.ToList();

    string VolumeData(string name) => Path.Combine(berth.Root, "volumes", name, "_data");

    [Fact]
    public void BindMountIsSharedBothWays()
    {
        using var host = new TempDirectory();
        host.File("from-host.txt", "host wrote this\n");

        var output = berth.Run("run", "--rm", "-v", $"{host.Path}:/shared", BerthFixture.Image, "sh", "-c", "cat /shared/from-host.txt; echo container wrote this > /shared/from-container.txt").Ok().Stdout;

        Assert.Equal("host wrote this\n", output);
        Assert.Equal("container wrote this\n", File.ReadAllText(host.Sub("from-container.txt")));
    }

    [Fact]
    public void ReadOnlyBindRefusesWrites()
    {
        using var host = new TempDirectory();
        host.File("kept.txt", "original\n");

        var result = berth.Run("run", "--rm", "-v", $"{host.Path}:/shared:ro", BerthFixture.Image, "sh", "-c", "cat /shared/kept.txt; echo changed > /shared/kept.txt");

        Assert.Equal("original\n", result.Stdout);
        Assert.Contains("Read-only file system", result.Stderr);
        Assert.Equal("original\n", File.ReadAllText(host.Sub("kept.txt")));
    }

    [Fact]
    public void MissingBindSourceOfDashVIsCreatedAsDockerDoes()
    {
        using var host = new TempDirectory();
        var source = host.Sub("made/by/berth");

        berth.Run("run", "--rm", "-v", $"{source}:/data", BerthFixture.Image, "touch", "/data/x").Ok();

        Assert.True(File.Exists(Path.Combine(source, "x")));
    }

    [Fact]
    public void NamedVolumeIsCreatedOnDemandAndFilledFromTheImage()
    {
        var volume = UniqueVolume();

        var output = berth.Run("run", "--rm", "-v", $"{volume}:/etc", BerthFixture.Image, "sh", "-c", "grep ^www-data: /etc/passwd").Ok().Stdout;

        Assert.StartsWith("www-data:x:33:33:", output);
        Assert.Contains(volume, VolumeNames());
        // docker's copy-up: the image's /etc now lives in the volume.
        Assert.StartsWith("root:x:0:0:", File.ReadAllText(Path.Combine(VolumeData(volume), "passwd")));
        Assert.True(File.Exists(Path.Combine(VolumeData(volume), "group")));
    }

    [Fact]
    public void NonEmptyVolumeIsNotOverwrittenByTheImage()
    {
        var volume = UniqueVolume();
        berth.Run("run", "--rm", "-v", $"{volume}:/data", BerthFixture.Image, "sh", "-c", "echo mine > /data/own.txt").Ok();

        var listing = berth.Run("run", "--rm", "-v", $"{volume}:/etc", BerthFixture.Image, "ls", "/etc").Ok().Lines;

        Assert.Contains("own.txt", listing);
        Assert.DoesNotContain("passwd", listing);
    }

    [Fact]
    public void NocopyLeavesTheVolumeEmpty()
    {
        var volume = UniqueVolume();

        berth.Run("run", "--rm", "-v", $"{volume}:/etc:nocopy", BerthFixture.Image, "true").Ok();

        Assert.False(File.Exists(Path.Combine(VolumeData(volume), "passwd")));
    }

    [Fact]
    public void VolumeDataOutlivesItsContainers()
    {
        var volume = UniqueVolume();
        var writer = BerthFixture.UniqueName();
        berth.Run("run", "--name", writer, "-v", $"{volume}:/data", BerthFixture.Image, "sh", "-c", "echo persisted > /data/file").Ok();
        berth.Run("rm", "-v", writer).Ok();

        var output = berth.Run("run", "--rm", "-v", $"{volume}:/again", BerthFixture.Image, "cat", "/again/file").Ok().Stdout;

        Assert.Equal("persisted\n", output);
        Assert.Contains(volume, VolumeNames());
    }

    [Fact]
    public void MountFlagBindHonoursReadonly()
    {
        using var host = new TempDirectory();
        host.File("in.txt", "bound\n");

        var result = berth.Run("run", "--rm", "--mount", $"type=bind,source={host.Path},target=/b,readonly", BerthFixture.Image, "sh", "-c", "cat /b/in.txt; touch /b/new");

        Assert.Equal("bound\n", result.Stdout);
        Assert.Contains("Read-only file system", result.Stderr);
        Assert.False(File.Exists(host.Sub("new")));
    }

    [Fact]
    public void MountFlagVolumeCreatesANamedVolume()
    {
        var volume = UniqueVolume();

        berth.Run("run", "--rm", "--mount", $"type=volume,source={volume},target=/v", BerthFixture.Image, "sh", "-c", "echo via-mount > /v/f").Ok();

        Assert.Equal("via-mount\n", File.ReadAllText(Path.Combine(VolumeData(volume), "f")));
    }

    [Fact]
    public void MountFlagTmpfsIsAMemoryFilesystemOfTheGivenSize()
    {
        var name = BerthFixture.UniqueName();

        var lines = berth.Run("run", "--name", name, "--mount", "type=tmpfs,target=/scratch,tmpfs-size=1m", BerthFixture.Image, "sh", "-c",
            "grep ' /scratch ' /proc/mounts | cut -d' ' -f3; df -k /scratch | tail -1 | tr -s ' ' | cut -d' ' -f2; echo gone > /scratch/file").Ok().Lines;

        Assert.Equal(["tmpfs", "1024"], lines);
        // Written to memory, not to the container's layer.
        Assert.False(Path.Exists(Path.Combine(berth.Inspect(name, "{{.GraphDriver.Data.UpperDir}}"), "scratch", "file")));
    }

    [Fact]
    public void TmpfsFlagTakesMountOptions()
    {
        var line = berth.Run("run", "--rm", "--tmpfs", "/t:size=2m,mode=700", BerthFixture.Image, "sh", "-c", "grep ' /t ' /proc/mounts; stat -c %a /t").Ok().Lines;

        Assert.StartsWith("tmpfs /t tmpfs rw,", line[0]);
        Assert.Contains("size=2048k", line[0]);
        Assert.Equal("700", line[1]);
    }

    [Fact]
    public void InspectListsTheMounts()
    {
        using var host = new TempDirectory();
        var volume = UniqueVolume();
        var name = BerthFixture.UniqueName();
        berth.Run("create", "--name", name, "-v", $"{host.Path}:/b:ro", "-v", $"{volume}:/v", "--tmpfs", "/t", BerthFixture.Image, "true").Ok();

        var mounts = JsonDocument.Parse(berth.Inspect(name, "{{json .Mounts}}")).RootElement.EnumerateArray()
            .Select(m => $"{m.GetProperty("Type").GetString()} {m.GetProperty("Destination").GetString()} {m.GetProperty("RW").GetBoolean()}").ToList();

        Assert.Equal(["bind /b False", "volume /v True", "tmpfs /t True"], mounts);
    }

    [Fact]
    public void VolumeVerbsCreateListInspectAndRemove()
    {
        var volume = UniqueVolume();

        Assert.Equal($"{volume}\n", berth.Run("volume", "create", volume).Ok().Stdout);
        Assert.Contains(volume, VolumeNames());
        var inspected = JsonDocument.Parse(berth.Run("volume", "inspect", volume).Ok().Stdout).RootElement[0];
        Assert.Equal(volume, inspected.GetProperty("Name").GetString());
        Assert.Equal("local", inspected.GetProperty("Driver").GetString());
        Assert.Equal(VolumeData(volume), inspected.GetProperty("Mountpoint").GetString());
        Assert.Equal("local", berth.Run("volume", "inspect", "-f", "{{.Scope}}", volume).Ok().Stdout.Trim());

        Assert.Equal($"{volume}\n", berth.Run("volume", "rm", volume).Ok().Stdout);
        Assert.DoesNotContain(volume, VolumeNames());
        Assert.False(Directory.Exists(Path.Combine(berth.Root, "volumes", volume)));
    }

    [Fact]
    public void VolumeInUseCannotBeRemoved()
    {
        var volume = UniqueVolume();
        var name = berth.RunSleeping("-v", $"{volume}:/data");

        var result = berth.Run("volume", "rm", volume);

        Assert.Equal(1, result.Exit);
        Assert.Equal($"Error: remove {volume}: volume is in use - [{berth.Id(name)}]\n", result.Stderr);
        Assert.Contains(volume, VolumeNames());
        berth.Run("rm", "-f", name).Ok();
        berth.Run("volume", "rm", volume).Ok();
    }

    [Fact]
    public void VolumeOfAStoppedContainerIsStillInUse()
    {
        var volume = UniqueVolume();
        berth.Run("create", "-v", $"{volume}:/data", BerthFixture.Image, "true").Ok();

        Assert.Equal(1, berth.Run("volume", "rm", volume).Exit);
        Assert.Contains(volume, VolumeNames());
    }

    [Fact]
    public void PruneRemovesUnusedAnonymousVolumesAndWithAllNamedOnesToo()
    {
        var named = UniqueVolume();
        var kept = UniqueVolume();
        berth.Run("volume", "create", named).Ok();
        var user = berth.RunSleeping("-v", $"{kept}:/data", "-v", "/anon-in-use");
        var inUse = berth.Inspect(user, "{{range .Mounts}}{{if eq .Destination \"/anon-in-use\"}}{{.Name}}{{end}}{{end}}");
        var anonymous = berth.Run("create", "-v", "/anon", BerthFixture.Image, "true").Ok().Stdout.Trim();
        var orphan = berth.Inspect(anonymous, "{{range .Mounts}}{{.Name}}{{end}}");
        berth.Run("rm", anonymous).Ok();

        var pruned = berth.Run("volume", "prune", "-f").Ok().Lines;

        Assert.Contains(orphan, pruned);
        Assert.DoesNotContain(named, pruned);
        Assert.Contains(named, VolumeNames());
        Assert.DoesNotContain(orphan, VolumeNames());

        var all = berth.Run("volume", "prune", "-a", "-f").Ok().Lines;

        Assert.Contains(named, all);
        Assert.DoesNotContain(named, VolumeNames());
        Assert.Contains(kept, VolumeNames());
        Assert.Contains(inUse, VolumeNames());
    }

    [Fact]
    public void RmDashVRemovesAnonymousVolumesButKeepsNamedOnes()
    {
        var named = UniqueVolume();
        var name = BerthFixture.UniqueName();
        berth.Run("create", "--name", name, "-v", "/anon", "--mount", "type=volume,target=/anon2", "-v", $"{named}:/named", BerthFixture.Image, "true").Ok();
        var anonymous = berth.Inspect(name, "{{range .Mounts}}{{if not (eq .Name \"" + named + "\")}}{{.Name}} {{end}}{{end}}").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, anonymous.Length);
        Assert.All(anonymous, a => Assert.Matches("^[0-9a-f]{64}$", a));

        berth.Run("rm", "-v", name).Ok();

        var left = VolumeNames();
        Assert.Contains(named, left);
        Assert.All(anonymous, a => Assert.DoesNotContain(a, left));
    }

    [Fact]
    public void RmWithoutDashVKeepsAnonymousVolumes()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("create", "--name", name, "-v", "/anon", BerthFixture.Image, "true").Ok();
        var anonymous = berth.Inspect(name, "{{range .Mounts}}{{.Name}}{{end}}");

        berth.Run("rm", name).Ok();

        Assert.Contains(anonymous, VolumeNames());
    }

    [Fact]
    public void RunRmRemovesItsAnonymousVolumes()
    {
        var named = UniqueVolume();
        var before = VolumeNames();

        berth.Run("run", "--rm", "-v", "/anon", "-v", $"{named}:/named", BerthFixture.Image, "true").Ok();

        Assert.Equal([named], VolumeNames().Except(before));
    }

    [Fact]
    public void RefusedCreateLeavesNoVolumeBehind()
    {
        var named = UniqueVolume();
        var before = berth.Leftovers();

        var result = berth.Run("run", "--rm", "-v", $"{named}:/a", "-v", "/anon", "--mount", "type=bind,source=/no/such/dir,target=/b", BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        Assert.DoesNotContain(named, VolumeNames());
        berth.AssertNothingLeftSince(before);
    }
}
