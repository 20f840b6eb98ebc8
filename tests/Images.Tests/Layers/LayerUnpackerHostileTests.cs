using System.Formats.Tar;
using System.Text;
using Berth.Images.Layers;
using Berth.Sys.Errors;

namespace Berth.Images.Tests.Layers;

/// <summary>Layers are untrusted: each of these must be refused, or confined, without touching anything outside the target.</summary>
public sealed class LayerUnpackerHostileTests : IDisposable
{
    readonly ScratchDirectory scratch = new();
    readonly string target;
    readonly string outside;

    public LayerUnpackerHostileTests()
    {
        target = scratch.Sub("diff");
        outside = scratch.Sub("outside");
        File.WriteAllText(Path.Join(outside, "precious"), "untouched");
    }

    public void Dispose() => scratch.Dispose();

    BerthException Refused(byte[] layer)
    {
        var error = Assert.ThrowsAny<BerthException>(() => LayerUnpacker.Unpack(new MemoryStream(layer), target));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
        AssertOutsideUntouched();
        return error;
    }

    void AssertOutsideUntouched()
    {
        Assert.Equal(["precious"], Directory.GetFileSystemEntries(outside).Select(p => Path.GetFileName(p)!).ToArray());
        Assert.Equal("untouched", File.ReadAllText(Path.Join(outside, "precious")));
        Assert.Equal(1u, FileFacts.Stat(Path.Join(outside, "precious")).Nlink);
    }

    /// <summary>The target is scratch/diff, so "../outside" from the root is the directory that must stay untouched.</summary>
    [Theory]
    [InlineData("../outside/planted")]
    [InlineData("a/../../outside/planted")]
    [InlineData("./../outside/planted")]
    [InlineData("a/b/../../../outside/planted")]
    public void Refuses_names_that_escape(string name)
    {
        var error = Refused(new TarBuilder().File(name, "evil").Build());

        Assert.Equal($"layer entry \"{name}\" escapes the root: refusing the layer", error.Message);
    }

    [Fact]
    public void Refuses_the_whole_layer_when_one_name_escapes()
    {
        var error = Refused(new TarBuilder().File("fine", "x").File("../etc/passwd", "evil").Build());

        Assert.Equal("layer entry \"../etc/passwd\" escapes the root: refusing the layer", error.Message);
    }

    [Fact]
    public void Keeps_rooted_names_inside_as_the_kernel_resolves_them()
    {
        LayerUnpacker.Unpack(new MemoryStream(new TarBuilder().File("/../outside/planted", "inside").Build()), target);

        Assert.Equal("inside", File.ReadAllText(Path.Join(target, "outside/planted")));
        AssertOutsideUntouched();
    }

    [Theory]
    [InlineData("../outside/precious")]
    [InlineData("a/../../outside/precious")]
    public void Refuses_hardlinks_that_escape(string linkTarget)
    {
        var error = Refused(new TarBuilder().HardLink("stolen", linkTarget).Build());

        Assert.Contains("is a hardlink to", error.Message);
        Assert.Contains("escapes the root", error.Message);
    }

    [Theory]
    [InlineData("a", "../../etc")]
    [InlineData("a", "..")]
    [InlineData("dir/b", "../../x")]
    [InlineData("dir/sub/c", "./../../../x")]
    public void Refuses_symlinks_that_climb_out(string name, string linkTarget)
    {
        var error = Refused(new TarBuilder().Symlink(name, linkTarget).Build());

        Assert.Equal($"layer entry \"{name}\" is a symlink to \"{linkTarget}\", which escapes the root: refusing the layer", error.Message);
    }

    [Theory]
    [InlineData("bin/sh", "/bin/busybox")]
    [InlineData("lib", "usr/lib")]
    [InlineData("usr/lib/x/y", "../../share")]
    [InlineData("root-escape", "/../../../etc")]
    public void Accepts_symlinks_that_stay_inside(string name, string linkTarget)
    {
        LayerUnpacker.Unpack(new MemoryStream(new TarBuilder().Symlink(name, linkTarget).Build()), target);

        Assert.Equal(linkTarget, new FileInfo(Path.Join(target, name)).LinkTarget);
    }

    [Fact]
    public void A_planted_absolute_symlink_cannot_redirect_a_write_outside()
    {
        var layer = new TarBuilder().Symlink("evil", outside).File("evil/file", "payload").Build();

        Assert.ThrowsAny<BerthException>(() => LayerUnpacker.Unpack(new MemoryStream(layer), target));

        AssertOutsideUntouched();
    }

    [Fact]
    public void A_planted_symlink_resolves_inside_the_root()
    {
        // With the symlink's target present inside the layer, the write lands there, never outside.
        var layer = new TarBuilder().Symlink("evil", outside).Dir(outside.TrimStart('/')).File("evil/file", "payload").Build();

        LayerUnpacker.Unpack(new MemoryStream(layer), target);

        Assert.Equal("payload", File.ReadAllText(Path.Join(target, outside, "file")));
        AssertOutsideUntouched();
    }

    [Fact]
    public void A_planted_symlink_chain_cannot_reach_outside_through_dotdot()
    {
        // "up" -> "/.." passes the lexical rule (absolute), but resolves to the layer root under RESOLVE_IN_ROOT.
        var layer = new TarBuilder().Symlink("up", "/..").Symlink("up2", "up/..").File("up2/outside/planted", "x").Build();

        LayerUnpacker.Unpack(new MemoryStream(layer), target);

        Assert.Equal("x", File.ReadAllText(Path.Join(target, "outside/planted")));
        AssertOutsideUntouched();
    }

    [Fact]
    public void A_hardlink_through_a_planted_symlink_cannot_link_an_outside_file()
    {
        var layer = new TarBuilder().Symlink("evil", outside).HardLink("stolen", "evil/precious").Build();

        Assert.ThrowsAny<BerthException>(() => LayerUnpacker.Unpack(new MemoryStream(layer), target));

        AssertOutsideUntouched();
    }

    [Fact]
    public void A_whiteout_through_a_planted_symlink_stays_inside()
    {
        var layer = new TarBuilder().Symlink("evil", outside).Dir(outside.TrimStart('/')).File("evil/.wh.precious").Build();

        LayerUnpacker.Unpack(new MemoryStream(layer), target);

        Assert.True(FileFacts.Stat(Path.Join(target, outside, "precious")).IsWhiteout);
        AssertOutsideUntouched();
    }

    [Fact]
    public void Refuses_a_whiteout_of_the_parent_directory()
    {
        var error = Refused(new TarBuilder().Dir("a").File("a/.wh..").Build());

        Assert.Contains("is a whiteout for an invalid name", error.Message);
    }

    [Fact]
    public void Refuses_names_longer_than_4096_bytes()
    {
        var name = string.Join('/', Enumerable.Repeat(new string('n', 200), 21)); // 4220 bytes

        var error = Refused(new TarBuilder().File(name, "x").Build());

        Assert.Contains("over the 4096-byte limit", error.Message);
    }

    [Fact]
    public void Refuses_gnu_long_names_longer_than_4096_bytes()
    {
        var name = string.Join('/', Enumerable.Repeat(new string('g', 200), 21));
        var layer = new TarBuilder().Add(new GnuTarEntry(TarEntryType.RegularFile, name)).Build();

        var error = Refused(layer);

        Assert.Contains("over the 4096-byte limit", error.Message);
    }

    [Fact]
    public void Refuses_pax_headers_larger_than_1_MiB_before_reading_them()
    {
        var layer = new RawTar().Pax(("SCHILY.xattr.user.huge", new byte[(1 << 20) + 1])).File("f", "x").Build();

        var error = Refused(layer);

        Assert.Contains("over the 1 MiB limit", error.Message);
    }

    [Fact]
    public void Refuses_a_declared_huge_metadata_block_without_its_data()
    {
        // Only the header: a 2 GiB 'x' block that a naive reader would try to allocate.
        var layer = RawTar.Header("PaxHeaders.0/f", (byte)'x', 2L << 30);

        var error = Refused(layer);

        Assert.Contains("over the 1 MiB limit", error.Message);
    }

    [Fact]
    public void A_second_pax_header_replaces_the_first_instead_of_piling_up()
    {
        var layer = new RawTar()
            .Pax(("SCHILY.xattr.user.first", new byte[1000]))
            .Pax(("SCHILY.xattr.user.second", "2"u8.ToArray()))
            .File("f", "x")
            .Build();

        LayerUnpacker.Unpack(new MemoryStream(layer), target);

        Assert.Equal(["user.second"], FileFacts.XattrNames(Path.Join(target, "f")));
    }

    [Fact]
    public void Refuses_a_nul_byte_in_a_name()
    {
        var layer = new RawTar().Pax(("path", "safe\0/../../outside/x"u8.ToArray())).File("f", "x").Build();

        var error = Refused(layer);

        Assert.Contains("NUL byte", error.Message);
    }

    [Fact]
    public void Refuses_a_root_entry_that_is_not_a_directory()
    {
        var error = Refused(new TarBuilder().Symlink("./", "/etc").Build());

        Assert.Contains("names the layer root but is not a directory", error.Message);
    }

    [Fact]
    public void Refuses_corrupt_streams()
    {
        var tar = new TarBuilder().File("f", new string('x', 5000)).Build();
        var badChecksum = (byte[])tar.Clone();
        badChecksum[0] ^= 0x20; // inside the first header's name

        Assert.Contains("checksum", Refused(badChecksum).Message);
        Assert.Contains("ends", Refused(tar[..3000]).Message);
        Assert.Contains("not a valid tar stream", Refused(TarBuilder.Gzip(tar)[..200]).Message);
    }

    [Fact]
    public void Refuses_sparse_files_and_unknown_types()
    {
        Assert.Contains("GNU sparse", Refused(new RawTar().Block("sparse", (byte)'S', []).Build()).Message);
        Assert.Contains("unsupported tar type 'V'", Refused(new RawTar().Block("label", (byte)'V', []).Build()).Message);
        Assert.Contains("GNU sparse", Refused(new RawTar().Pax(("GNU.sparse.major", "1"u8.ToArray())).File("f", "x").Build()).Message);
    }

    [Fact]
    public void Ignores_overlay_xattrs_smuggled_in_a_layer()
    {
        var layer = new RawTar()
            .Pax(("SCHILY.xattr.trusted.overlay.redirect", "/etc"u8.ToArray()), ("SCHILY.xattr.user.fine", "ok"u8.ToArray()))
            .Block("dir", (byte)'5', [], mode: 0x1ed)
            .Build();

        LayerUnpacker.Unpack(new MemoryStream(layer), target);

        Assert.Null(FileFacts.Xattr(Path.Join(target, "dir"), "trusted.overlay.redirect"));
        Assert.Equal("ok"u8.ToArray(), FileFacts.Xattr(Path.Join(target, "dir"), "user.fine"));
    }

    [Fact]
    public void Error_messages_show_only_the_start_of_a_huge_name()
    {
        var name = "../" + new string('z', 3000);

        var error = Refused(new TarBuilder().File(name, "x").Build());

        Assert.True(error.Message.Length < 300, error.Message);
        Assert.StartsWith("layer entry \"../zzz", error.Message);
    }
}
