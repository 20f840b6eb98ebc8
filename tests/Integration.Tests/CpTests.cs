using System.Formats.Tar;
using System.Text;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>`berth cp` both ways, on running and stopped containers, with docker's naming and ownership rules.</summary>
public sealed class CpTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    [Fact]
    public void FileCopiedIntoRunningContainerIsOwnedByRootWithItsMode()
    {
        using var host = new TempDirectory();
        var file = host.File("note.txt", "into a running container\n");
        HostFiles.Chown(file, 1234, 5678);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var name = berth.RunSleeping();

        berth.Run("cp", file, $"{name}:/tmp/").Ok();

        Assert.Equal("into a running container\n", berth.Run("exec", name, "cat", "/tmp/note.txt").Ok().Stdout);
        Assert.Equal("0:0 640\n", berth.Run("exec", name, "stat", "-c", "%u:%g %a", "/tmp/note.txt").Ok().Stdout);
    }

    [Fact]
    public void ArchiveModeKeepsOwnersWhenCopyingIntoStoppedContainer()
    {
        using var host = new TempDirectory();
        var file = host.File("kept.txt", "kept owner\n");
        HostFiles.Chown(file, 1234, 5678);
        var name = berth.CreateSleeping();

        berth.Run("cp", "-a", file, $"{name}:/root/kept.txt").Ok();
        berth.Run("cp", file, $"{name}:/root/rooted.txt").Ok();

        Assert.Empty(berth.MountsUnderRoot());
        berth.Run("start", name).Ok();
        Assert.Equal("1234:5678\n", berth.Run("exec", name, "stat", "-c", "%u:%g", "/root/kept.txt").Ok().Stdout);
        Assert.Equal("0:0\n", berth.Run("exec", name, "stat", "-c", "%u:%g", "/root/rooted.txt").Ok().Stdout);
        Assert.Equal("kept owner\n", berth.Run("exec", name, "cat", "/root/kept.txt").Ok().Stdout);
    }

    [Fact]
    public void DirectoryCopiedOutFollowsDockerNamingRules()
    {
        using var host = new TempDirectory();
        var name = berth.RunSleeping();
        berth.Run("exec", name, "sh", "-c", "mkdir -p /data/sub && echo top > /data/top.txt && echo deep > /data/sub/deep.txt && chown 7:8 /data/top.txt").Ok();
        Directory.CreateDirectory(host.Sub("existing"));
        Directory.CreateDirectory(host.Sub("contents"));

        berth.Run("cp", $"{name}:/data", host.Sub("new")).Ok();
        berth.Run("cp", $"{name}:/data", host.Sub("existing")).Ok();
        berth.Run("cp", $"{name}:/data/.", host.Sub("contents")).Ok();
        berth.Run("cp", "-a", $"{name}:/data/top.txt", host.Sub("owned.txt")).Ok();

        Assert.Equal("deep\n", File.ReadAllText(host.Sub("new/sub/deep.txt")));
        Assert.Equal("top\n", File.ReadAllText(host.Sub("existing/data/top.txt")));
        Assert.Equal("deep\n", File.ReadAllText(host.Sub("contents/sub/deep.txt")));
        Assert.StartsWith("0:0 ", HostFiles.OwnerAndMode(host.Sub("new/top.txt")));
        Assert.StartsWith("7:8 ", HostFiles.OwnerAndMode(host.Sub("owned.txt")));
    }

    [Fact]
    public void FileCopiedOutOfStoppedContainerLeavesNoMountBehind()
    {
        using var host = new TempDirectory();
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c", "echo written before exit > /root/note").Ok();

        berth.Run("cp", $"{name}:/root/note", host.Sub("note")).Ok();

        Assert.Equal("written before exit\n", File.ReadAllText(host.Sub("note")));
        Assert.Empty(berth.MountsUnderRoot());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(berth.Root, "tmp")));
    }

    [Fact]
    public void ContainerSymlinksCannotLeadWritesOntoTheHost()
    {
        using var host = new TempDirectory();
        var victim = host.Sub("victim");
        Directory.CreateDirectory(Path.Combine(victim, "sub"));
        var file = host.File("payload", "payload\n");
        var name = berth.RunSleeping();
        var climb = string.Concat(Enumerable.Repeat("../", 20)) + victim.TrimStart('/');
        // The same directories exist inside the container, so the links resolve there and the copies succeed.
        berth.Run("exec", name, "sh", "-c", $"mkdir -p {victim}/sub && ln -s {victim} /tmp/abs && ln -s {climb} /tmp/rel && ln -s {victim}/direct /tmp/direct").Ok();

        berth.Run("cp", file, $"{name}:/tmp/abs/sub/").Ok();
        berth.Run("cp", file, $"{name}:/tmp/rel/sub/via-rel").Ok();
        berth.Run("cp", file, $"{name}:/tmp/direct").Ok();

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(victim, "sub")));
        Assert.Equal([Path.Combine(victim, "sub")], Directory.EnumerateFileSystemEntries(victim));
        Assert.Equal(["payload", "via-rel"], berth.Run("exec", name, "ls", $"{victim}/sub").Ok().Lines);
        Assert.Equal("payload\n", berth.Run("exec", name, "cat", $"{victim}/direct").Ok().Stdout);
    }

    [Fact]
    public void TarStreamIntoStoppedContainerCannotFollowSymlinksOut()
    {
        using var host = new TempDirectory();
        var victim = host.Sub("victim");
        Directory.CreateDirectory(Path.Combine(victim, "sub"));
        var name = BerthFixture.UniqueName();
        berth.Run("run", "--name", name, BerthFixture.Image, "sh", "-c", $"mkdir -p {victim}/sub && ln -s {victim} /tmp/abs").Ok();
        // A symlink entry, then a file through it: the link must resolve inside the container too.
        var tar = TarOf([new PaxTarEntry(TarEntryType.SymbolicLink, "esc") { LinkName = victim }, TarFile("esc/through-link.txt", "via link\n"), TarFile("plain.txt", "via tar\n")]);

        berth.Run(["cp", "-", $"{name}:/tmp/abs/sub"], tar).Ok();

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(victim, "sub")));
        Assert.Equal([Path.Combine(victim, "sub")], Directory.EnumerateFileSystemEntries(victim));
        Assert.Empty(berth.MountsUnderRoot());
        Assert.Equal("via tar\n", FirstFile(berth.Run("cp", $"{name}:{victim}/sub/plain.txt", "-").Ok().StdoutBytes).Content);
        Assert.Equal("via link\n", FirstFile(berth.Run("cp", $"{name}:{victim}/through-link.txt", "-").Ok().StdoutBytes).Content);
    }

    [Fact]
    public void TarStreamOutCarriesTheSourceName()
    {
        var name = berth.RunSleeping();

        var result = berth.Run("cp", $"{name}:/etc/passwd", "-").Ok();

        var (entryName, content) = FirstFile(result.StdoutBytes);
        Assert.Equal("passwd", entryName);
        Assert.StartsWith("root:x:0:0:", content);
    }

    [Fact]
    public void MissingSourceIsReportedLikeDocker()
    {
        using var host = new TempDirectory();
        var name = berth.RunSleeping();

        var result = berth.Run("cp", $"{name}:/no/such/file", host.Path);

        Assert.Equal(1, result.Exit);
        Assert.Equal($"Error: Could not find the file /no/such/file in container {name}\n", result.Stderr);
    }

    static PaxTarEntry TarFile(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };

    static byte[] TarOf(IEnumerable<TarEntry> entries)
    {
        var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var entry in entries) writer.WriteEntry(entry);
        return buffer.ToArray();
    }

    static (string Name, string Content) FirstFile(byte[] tar)
    {
        using var reader = new TarReader(new MemoryStream(tar));
        var entry = reader.GetNextEntry() ?? throw new InvalidDataException("empty tar stream");
        return (entry.Name, new StreamReader(entry.DataStream!).ReadToEnd());
    }
}
