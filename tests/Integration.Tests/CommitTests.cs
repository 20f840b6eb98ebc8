using System.Formats.Tar;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>
/// `commit`: the container's upperdir becomes one layer with whiteouts for deletions, and keeps
/// hardlinks, xattrs, file capabilities, ownership, setuid modes and mtimes; --change, -m, -a;
/// SOURCE_DATE_EPOCH makes it reproducible; `history` shows the steps.
/// </summary>
public sealed class CommitTests(BerthFixture berth) : IClassFixture<BerthFixture>, IDisposable
{
    readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    static string UniqueRepo() => "it/commit-" + Guid.NewGuid().ToString("N")[..8];

    [DllImport("libc", SetLastError = true)]
    static extern int lsetxattr(string path, string name, byte[] value, nint size, int flags);

    string UpperDir(string container) => Path.Combine(berth.Root, "containers", berth.Id(container), "upper");

    /// <summary>The entries of the image's top layer, read from `save` output.</summary>
    List<TarEntry> TopLayer(string reference)
    {
        var files = new Dictionary<string, byte[]>();
        using (var reader = new TarReader(new MemoryStream(berth.Run(["save", reference], null).Ok().StdoutBytes)))
            while (reader.GetNextEntry(copyData: true) is { } entry)
                if (entry.DataStream is { } data) files[entry.Name] = ((MemoryStream)data).ToArray();
        using var manifest = JsonDocument.Parse(files["manifest.json"]);
        var top = manifest.RootElement[0].GetProperty("Layers").EnumerateArray().Last().GetString()!;
        var entries = new List<TarEntry>();
        using var layer = new TarReader(new MemoryStream(files[top]));
        while (layer.GetNextEntry(copyData: true) is { } e) entries.Add(e);
        return entries;
    }

    [Fact]
    public void LayerKeepsHardlinksXattrsCapabilitiesOwnershipModesAndMtimes()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c",
            "echo data > /f && ln /f /g && chown 1234:5678 /f && chmod 4755 /f && touch -d @1000000000 /f").Ok();
        var upper = UpperDir(name);
        Assert.Equal(0, lsetxattr(Path.Combine(upper, "f"), "user.note", "hello"u8.ToArray(), 5, 0));
        berth.RunProgram("setcap", ["cap_net_raw+ep", Path.Combine(upper, "f")]).Ok();
        var reference = UniqueRepo() + ":meta";

        berth.Run("commit", name, reference).Ok();

        var stat = berth.Run("run", "--rm", reference, "sh", "-c", "stat -c '%u:%g %a %Y %h' /f && [ /f -ef /g ] && echo same-inode").Ok().Stdout;
        Assert.Equal("1234:5678 4755 1000000000 2\nsame-inode\n", stat);
        var entries = TopLayer(reference);
        var f = Assert.IsType<PaxTarEntry>(entries.Single(e => e.Name == "f"));
        Assert.Equal("hello", f.ExtendedAttributes["SCHILY.xattr.user.note"]);
        Assert.True(f.ExtendedAttributes.ContainsKey("SCHILY.xattr.security.capability"));
        var g = entries.Single(e => e.Name == "g");
        Assert.Equal(TarEntryType.HardLink, g.EntryType);
        Assert.Equal("f", g.LinkName);
        // The capability survives unpacking, on the layer berth runs from.
        var diffId = berth.Inspect(reference, "{{index .RootFS.Layers 1}}")[7..];
        Assert.Contains("cap_net_raw", berth.RunProgram("getcap", [Path.Combine(berth.Root, "layers", diffId, "diff", "f")]).Ok().Stdout);
        berth.Run("rm", name).Ok();
    }

    [Fact]
    public void DeletionsBecomeWhiteoutsAndReplacedDirectoriesBecomeOpaque()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c", "rm /bin/vi && rm -rf /usr && mkdir /usr && echo new > /usr/only").Ok();
        var reference = UniqueRepo() + ":wh";

        berth.Run("commit", name, reference).Ok();

        var names = TopLayer(reference).Select(e => e.Name).ToList();
        Assert.Contains("bin/.wh.vi", names);
        Assert.Contains("usr/.wh..wh..opq", names);
        Assert.Equal("only\n", berth.Run("run", "--rm", reference, "ls", "/usr").Ok().Stdout);
        Assert.Equal("gone\n", berth.Run("run", "--rm", reference, "sh", "-c", "test -e /bin/vi && echo present || echo gone").Ok().Stdout);
        berth.Run("rm", name).Ok();
    }

    [Fact]
    public void ChangesMessageAndAuthorGoIntoTheImageAndHistory()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, "-e", "FROM_RUN=1", BerthFixture.Image, "sh", "-c", "echo x > /x").Ok();
        var reference = UniqueRepo() + ":changes";

        var id = berth.Run("commit", "-m", "a message", "-a", "Someone <s@example.com>", "-c", "ENV ADDED=yes", "-c", "CMD [\"cat\", \"/x\"]", name, reference).Ok().Stdout.Trim();

        Assert.Matches("^sha256:[0-9a-f]{64}$", id);
        Assert.Equal(id, berth.Inspect(reference, "{{.Id}}"));
        Assert.Equal("Someone <s@example.com>|a message", berth.Inspect(reference, "{{.Author}}|{{.Comment}}"));
        var env = berth.Inspect(reference, "{{json .Config.Env}}");
        Assert.Contains("ADDED=yes", env);
        Assert.Contains("FROM_RUN=1", env);
        Assert.Equal("x\n", berth.Run("run", "--rm", reference).Ok().Stdout);
        var history = berth.Run("history", "--format", "{{.CreatedBy}}|{{.Comment}}", reference).Ok().Lines;
        Assert.Equal(2, history.Length);
        Assert.Equal("sh -c echo x > /x|a message", history[0]);
        berth.Run("rm", name).Ok();
    }

    [Fact]
    public void CommitWithoutChangesAddsAnEmptyLayerStep()
    {
        var name = berth.CreateSleeping();
        var reference = UniqueRepo() + ":empty";
        var layersBefore = berth.Inspect(BerthFixture.Image, "{{len .RootFS.Layers}}");

        berth.Run("commit", name, reference).Ok();

        Assert.Equal(layersBefore, berth.Inspect(reference, "{{len .RootFS.Layers}}"));
        var top = berth.Run("history", "--format", "{{.Size}}", reference).Ok().Lines[0];
        Assert.Equal("0B", top);
        berth.Run("rm", name).Ok();
    }

    [Fact]
    public void SourceDateEpochMakesTheSameChangeTheSameImage()
    {
        var ids = new List<string>();
        foreach (var attempt in new[] { 1, 2 })
        {
            var name = BerthFixture.UniqueName();
            berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c", "mkdir -p /data/sub && echo same > /data/sub/file && rm /bin/vi").Ok();
            if (attempt == 2) Thread.Sleep(1100); // a later second, so unclamped mtimes would differ
            ids.Add(berth.RunProgram("env", ["SOURCE_DATE_EPOCH=1700000000", berth.Binary, "commit", name]).Ok().Stdout.Trim());
            berth.Run("rm", name).Ok();
        }

        Assert.Equal(ids[0], ids[1]);
        Assert.Equal("2023-11-14T22:13:20Z", berth.Inspect(ids[0], "{{.Created}}"));
    }

    [Fact]
    public void HistoryShowsTruncatedAndFullCommandsAndQuietIds()
    {
        var name = BerthFixture.UniqueName();
        var command = "echo a-rather-long-command-that-goes-past-forty-five-characters > /long";
        berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c", command).Ok();
        var reference = UniqueRepo() + ":hist";
        var id = berth.Run("commit", name, reference).Ok().Stdout.Trim();

        var table = berth.Run("history", reference).Ok().Lines;
        var full = berth.Run("history", "--no-trunc", "--format", "{{.ID}} {{.CreatedBy}}", reference).Ok().Lines;
        var quiet = berth.Run("history", "-q", reference).Ok().Lines;

        Assert.StartsWith("IMAGE          CREATED", table[0]);
        Assert.Contains(("sh -c " + command)[..44] + "…", table[1]);
        Assert.Equal($"{id} sh -c {command}", full[0]);
        Assert.Equal([id[7..19], "<missing>"], quiet);
        berth.Run("rm", name).Ok();
    }

    [Fact]
    public void CommitOfAContainerWhoseImageWasRemovedIsRefused()
    {
        var source = BerthFixture.UniqueName();
        berth.Run("run", "--name", source, BerthFixture.Image, "touch", "/x").Ok();
        var reference = UniqueRepo() + ":parent";
        berth.Run("commit", source, reference).Ok();
        var child = BerthFixture.UniqueName();
        berth.Run("run", "--name", child, reference, "touch", "/y").Ok();
        berth.Run("rmi", "-f", reference).Ok();

        var result = berth.Run("commit", child, UniqueRepo() + ":orphan");

        Assert.Equal(1, result.Exit);
        Assert.Contains("was removed", result.Stderr);
        berth.Run("rm", source, child).Ok();
    }

    [Fact]
    public void LoadOfAnUntaggedImageNamesItById()
    {
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, BerthFixture.Image, "touch", "/untagged").Ok();
        var id = berth.Run("commit", name).Ok().Stdout.Trim();
        var archive = berth.Run(["save", id], null).Ok().StdoutBytes;
        berth.Run("rm", name).Ok();
        berth.Run("rmi", id).Ok();

        var load = berth.Run(["load"], archive).Ok();

        Assert.Equal($"Loaded image ID: {id}\n", load.Stdout);
    }
}
