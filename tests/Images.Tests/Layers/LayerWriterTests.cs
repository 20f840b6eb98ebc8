using System.Formats.Tar;
using System.Security.Cryptography;
using Berth.Images.Layers;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Tests.Layers;

public sealed class LayerWriterTests : IDisposable
{
    readonly ScratchDirectory scratch = new();
    readonly string source;

    public LayerWriterTests() => source = scratch.Sub("source");

    public void Dispose() => scratch.Dispose();

    (byte[] Tar, LayerWriteResult Result) WriteLayer(LayerWriteOptions? options = null)
    {
        var output = new MemoryStream();
        var result = LayerWriter.Write(source, output, options ?? new LayerWriteOptions());
        return (output.ToArray(), result);
    }

    static List<TarEntry> Entries(byte[] tar)
    {
        var reader = new TarReader(new MemoryStream(tar));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry) entries.Add(entry);
        return entries;
    }

    [Fact]
    public void Round_trips_a_tree_through_unpack()
    {
        SampleTree.Create(source);
        var (tar, result) = WriteLayer();
        var target = scratch.Sub("target");

        var unpacked = LayerUnpacker.Unpack(new MemoryStream(tar), target);

        Assert.Equal(TreeSnapshot.Of(source), TreeSnapshot.Of(target));
        Assert.Equal(result.DiffId, unpacked.DiffId);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar)), result.DiffId.Value);
        Assert.Equal(tar.Length, result.Size);
    }

    [Fact]
    public void Writes_the_same_bytes_for_the_same_tree()
    {
        SampleTree.Create(source);

        var first = WriteLayer();
        var second = WriteLayer();

        Assert.Equal(first.Tar, second.Tar);
        Assert.Equal(first.Result, second.Result);
    }

    [Fact]
    public void Writes_sorted_pax_entries_with_numeric_owners_and_no_access_times()
    {
        SampleTree.Create(source, binaryXattrs: false);

        var entries = Entries(WriteLayer().Tar);

        var names = entries.Select(e => e.Name.TrimEnd('/')).ToList();
        Assert.Equal(names.OrderBy(n => n, Comparer<string>.Create((a, b) =>
            System.Text.Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b)))), names);
        Assert.Contains(".hidden", string.Join(' ', names));
        // POSIX pax: plain ustar headers, with an 'x' block only where a field needs one (as Go writes layers).
        Assert.All(entries, e => Assert.True(e is PaxTarEntry or UstarTarEntry, e.GetType().Name));
        Assert.All(entries.Cast<PosixTarEntry>(), e => Assert.Equal(("", ""), (e.UserName, e.GroupName)));
        Assert.All(entries.OfType<PaxTarEntry>(), e => Assert.Empty(e.ExtendedAttributes.Keys.Intersect(["atime", "ctime", "uname", "gname"])));
        Assert.IsType<PaxTarEntry>(entries.Single(e => e.Name == "données/ファイル"));
        Assert.Equal("x"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(((PaxTarEntry)entries.Single(e => e.Name == "tmp/")).ExtendedAttributes["SCHILY.xattr.user.dir"]));
        var big = entries.Single(e => e.Name == "home/user/big");
        Assert.Equal((3_000_000, 3_000_001), (big.Uid, big.Gid));
        Assert.Equal((UnixFileMode)0x9ed, entries.Single(e => e.Name == "bin/su").Mode);
        Assert.Equal(TarEntryType.Directory, entries.Single(e => e.Name == "tmp/").EntryType);
    }

    [Fact]
    public void Writes_later_names_of_an_inode_as_hardlinks_to_the_first()
    {
        SampleTree.Create(source, binaryXattrs: false);

        var entries = Entries(WriteLayer().Tar);

        Assert.Equal(TarEntryType.RegularFile, entries.Single(e => e.Name == "bin/perl").EntryType);
        foreach (var name in new[] { "bin/perl5.36", "usr/perl-too" })
        {
            var link = entries.Single(e => e.Name == name);
            Assert.Equal((TarEntryType.HardLink, "bin/perl", 0L), (link.EntryType, link.LinkName, link.Length));
        }
    }

    [Fact]
    public void Clamps_mtimes_to_the_source_date_epoch()
    {
        SampleTree.Write(source, "new", "n");
        SampleTree.Write(source, "old", "o");
        FileFacts.SetMtime(Path.Join(source, "new"), 2_000_000_000);
        FileFacts.SetMtime(Path.Join(source, "old"), 1_000_000_000);

        var entries = Entries(WriteLayer(new LayerWriteOptions { ClampMtime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) }).Tar);

        Assert.Equal(1_700_000_000, entries.Single(e => e.Name == "new").ModificationTime.ToUnixTimeSeconds());
        Assert.Equal(1_000_000_000, entries.Single(e => e.Name == "old").ModificationTime.ToUnixTimeSeconds());
    }

    [Fact]
    public void Leaves_out_what_the_filter_excludes()
    {
        SampleTree.Write(source, "app/main", "m");
        SampleTree.Write(source, "app/secret", "s");
        SampleTree.Write(source, "cache/keep", "k");
        SampleTree.Write(source, "cache/drop", "d");

        var names = Entries(WriteLayer(new LayerWriteOptions { Include = path => path is not ("app/secret" or "cache" or "cache/drop") }).Tar)
            .Select(e => e.Name);

        Assert.Equal(["app/", "app/main", "cache/keep"], names);
    }

    [Fact]
    public void Refuses_paths_longer_than_a_layer_may_hold()
    {
        // Built through descriptors: the full path is beyond PATH_MAX for path-based calls.
        var name = new string('d', 250);
        var fd = Libc.open(source, Libc.O_RDONLY | Libc.O_DIRECTORY, 0);
        for (var depth = 0; depth < 17; depth++)
        {
            Assert.Equal(0, Libc.mkdirat(fd, name, 0x1ed));
            var child = Libc.openat(fd, name, Libc.O_RDONLY | Libc.O_DIRECTORY, 0);
            Libc.close(fd);
            fd = child;
        }
        Libc.close(fd);

        var error = Assert.Throws<BerthException>(() => WriteLayer());

        Assert.Contains("path longer than 4096 bytes cannot go in a layer", error.Message);
        RemoveDeepTree(name);
    }

    /// <summary>Directory.Delete cannot reach below PATH_MAX; move the chain up piece by piece instead.</summary>
    void RemoveDeepTree(string name)
    {
        var path = Path.Join(source, name);
        while (Directory.Exists(path))
        {
            var below = Path.Join(path, name);
            if (!Directory.Exists(below)) { Directory.Delete(path); break; }
            var lifted = Path.Join(source, "lifted");
            Directory.Move(below, lifted);
            Directory.Delete(path);
            Directory.Move(lifted, path);
        }
    }

    [Fact]
    public void Gnu_tar_extracts_the_same_tree()
    {
        SampleTree.Create(source);
        var layer = Path.Join(scratch.Path, "layer.tar");
        using (var file = File.Create(layer)) LayerWriter.Write(source, file, new LayerWriteOptions());
        var target = scratch.Sub("gnu");

        var tar = System.Diagnostics.Process.Start("tar", ["--xattrs", "--xattrs-include=*", "--numeric-owner", "-xpf", layer, "-C", target])!;
        tar.WaitForExit();

        Assert.Equal(0, tar.ExitCode);
        Assert.Equal(TreeSnapshot.Of(source), TreeSnapshot.Of(target));
    }
}
