using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Berth.Images.Layers;
using Berth.Sys.Interop;

namespace Berth.Images.Tests.Layers;

public sealed class LayerUnpackerTests : IDisposable
{
    readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    string Target => Path.Join(scratch.Path, "diff");

    UnpackResult Unpack(byte[] layer)
    {
        Directory.CreateDirectory(Target);
        return LayerUnpacker.Unpack(new MemoryStream(layer), Target);
    }

    string At(string relative) => Path.Join(Target, relative);

    [Fact]
    public void Applies_owners_modes_setuid_sticky_and_mtimes()
    {
        var fileTime = DateTimeOffset.FromUnixTimeSeconds(1_500_000_000);
        Unpack(new TarBuilder()
            .Dir("bin", mode: 0x1ed, uid: 0, gid: 0)
            .File("bin/su", "binary", mode: 0x9ed, uid: 0, gid: 0) // 04755
            .File("bin/wall", "binary", mode: 0x5ed, uid: 0, gid: 5) // 02755
            .File("home-file", "mine", mode: 0x180, uid: 1000, gid: 2000, mtime: fileTime)
            .Dir("tmp", mode: 0x3ff) // 01777
            .Build());

        Assert.Equal(0x9edu, FileFacts.Permissions(At("bin/su")));
        Assert.Equal(0x5edu, FileFacts.Permissions(At("bin/wall")));
        Assert.Equal(5u, FileFacts.Stat(At("bin/wall")).Gid);
        Assert.Equal(0x3ffu, FileFacts.Permissions(At("tmp")));
        var home = FileFacts.Stat(At("home-file"));
        Assert.Equal((1000u, 2000u, 0x180u), (home.Uid, home.Gid, home.Mode & 0xfffu));
        Assert.Equal(fileTime.ToUnixTimeSeconds(), home.MtimeSeconds);
        Assert.Equal("mine", File.ReadAllText(At("home-file")));
    }

    [Fact]
    public void Sets_directory_mtimes_after_their_contents()
    {
        var directoryTime = DateTimeOffset.FromUnixTimeSeconds(1_400_000_000);
        Unpack(new TarBuilder()
            .Dir("etc", mtime: directoryTime)
            .File("etc/hostname", "box")
            .File("etc/.wh.old")
            .Build());

        Assert.Equal(directoryTime.ToUnixTimeSeconds(), FileFacts.Stat(At("etc")).MtimeSeconds);
    }

    [Fact]
    public void Creates_parents_the_layer_does_not_list()
    {
        Unpack(new TarBuilder().File("usr/share/doc/readme", "hi").Build());

        Assert.True(FileFacts.Stat(At("usr/share/doc")).IsDirectory);
        Assert.Equal(0x1edu, FileFacts.Permissions(At("usr/share")));
        Assert.Equal("hi", File.ReadAllText(At("usr/share/doc/readme")));
    }

    [Fact]
    public void Sets_text_xattrs_and_binary_file_capabilities()
    {
        // security.capability v2 for cap_dac_override,cap_fowner,cap_setfcap: the bytes hold 0x0a (a newline) and 0x80,
        // which System.Formats.Tar's reader rejects or mangles. Go (docker) writes such values raw.
        byte[] capability = [0x01, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var layer = new RawTar()
            .Pax(("SCHILY.xattr.security.capability", capability), ("SCHILY.xattr.user.comment", "a\nb"u8.ToArray()))
            .File("ping", "elf")
            .Build();
        var textLayer = new TarBuilder().Dir("d", pax: new() { ["SCHILY.xattr.user.origin"] = "tarwriter" }).Build();

        Unpack(layer);
        LayerUnpacker.Unpack(new MemoryStream(textLayer), Target);

        Assert.Equal(capability, FileFacts.Xattr(At("ping"), "security.capability"));
        Assert.Equal("a\nb"u8.ToArray(), FileFacts.Xattr(At("ping"), "user.comment"));
        Assert.Equal("tarwriter"u8.ToArray(), FileFacts.Xattr(At("d"), "user.origin"));
    }

    [Fact]
    public void Hardlinks_share_an_inode()
    {
        Unpack(new TarBuilder()
            .File("usr/bin/perl", "interpreter", mode: 0x1ed)
            .HardLink("usr/bin/perl5.36", "usr/bin/perl")
            .HardLink("other/perl", "/usr/bin/perl")
            .Build());

        var original = FileFacts.Stat(At("usr/bin/perl"));
        Assert.Equal(3u, original.Nlink);
        Assert.Equal(original.Inode, FileFacts.Stat(At("usr/bin/perl5.36")).Inode);
        Assert.Equal(original.Inode, FileFacts.Stat(At("other/perl")).Inode);
    }

    [Fact]
    public void Keeps_symlink_targets_verbatim_including_absolute_ones()
    {
        Unpack(new TarBuilder()
            .Dir("bin")
            .Symlink("bin/sh", "/bin/busybox", uid: 7, gid: 8)
            .Symlink("lib", "usr/lib")
            .Symlink("usr/lib/dangling", "../../nowhere/else")
            .Build());

        Assert.Equal("/bin/busybox", new FileInfo(At("bin/sh")).LinkTarget);
        Assert.Equal("usr/lib", new FileInfo(At("lib")).LinkTarget);
        Assert.Equal("../../nowhere/else", new FileInfo(At("usr/lib/dangling")).LinkTarget);
        var link = FileFacts.Stat(At("bin/sh"));
        Assert.True(link.IsSymlink);
        Assert.Equal((7u, 8u), (link.Uid, link.Gid));
    }

    [Fact]
    public void Makes_devices_and_fifos()
    {
        Unpack(new TarBuilder()
            .Device(TarEntryType.CharacterDevice, "dev/null", 1, 3)
            .Device(TarEntryType.BlockDevice, "dev/loop0", 7, 0, mode: 0x1b0)
            .Fifo("run/initctl", mode: 0x180)
            .Build());

        var null_ = FileFacts.Stat(At("dev/null"));
        Assert.Equal((Libc.S_IFCHR, 1u, 3u, 0x1b6u), (null_.Type, null_.RdevMajor, null_.RdevMinor, null_.Mode & 0xfffu));
        var loop = FileFacts.Stat(At("dev/loop0"));
        Assert.Equal((Libc.S_IFBLK, 7u, 0u, 0x1b0u), (loop.Type, loop.RdevMajor, loop.RdevMinor, loop.Mode & 0xfffu));
        Assert.Equal(Libc.S_IFIFO, FileFacts.Stat(At("run/initctl")).Type);
    }

    [Fact]
    public void Turns_whiteouts_into_overlay_forms()
    {
        Unpack(new TarBuilder()
            .Dir("etc")
            .File("etc/.wh.motd")
            .Dir("var/cache")
            .File("var/cache/.wh..wh..opq")
            .File("var/cache/new", "kept")
            .Dir(".wh..wh.plnk")
            .File(".wh..wh.plnk/123.456", "aufs hardlink store")
            .File(".wh..wh.plnk/.wh.x")
            .File("usr/.wh..wh.plnk/nested", "skipped too")
            .Build());

        var whiteout = FileFacts.Stat(At("etc/motd"));
        Assert.True(whiteout.IsWhiteout);
        Assert.False(FileFacts.Exists(At("etc/.wh.motd")));
        Assert.Equal("y"u8.ToArray(), FileFacts.Xattr(At("var/cache"), "trusted.overlay.opaque"));
        Assert.False(FileFacts.Exists(At("var/cache/.wh..wh..opq")));
        Assert.Equal("kept", File.ReadAllText(At("var/cache/new")));
        Assert.False(FileFacts.Exists(At(".wh..wh.plnk")));
        Assert.False(FileFacts.Exists(At("usr/.wh..wh.plnk")));
    }

    [Fact]
    public void Marks_the_layer_root_opaque()
    {
        Unpack(new TarBuilder().File("./.wh..wh..opq").File("only", "this").Build());

        Assert.Equal("y"u8.ToArray(), FileFacts.Xattr(Target, "trusted.overlay.opaque"));
        Assert.False(FileFacts.Exists(At(".wh..wh..opq")));
    }

    [Fact]
    public void A_whiteout_over_a_directory_of_the_same_layer_makes_it_opaque()
    {
        Unpack(new TarBuilder().Dir("data").File("data/fresh", "new").File(".wh.data").Build());

        Assert.Equal("y"u8.ToArray(), FileFacts.Xattr(At("data"), "trusted.overlay.opaque"));
        Assert.Equal("new", File.ReadAllText(At("data/fresh")));
    }

    [Fact]
    public void Later_entries_replace_earlier_ones_and_directories_merge()
    {
        Unpack(new TarBuilder()
            .File("config", "first")
            .File("config", "second", mode: 0x180)
            .Dir("both", mode: 0x1ed)
            .File("both/one", "1")
            .Dir("both", mode: 0x1c0, uid: 3)
            .File("both/two", "2")
            .Dir("was-dir")
            .File("was-dir/inside", "x")
            .File("was-dir", "now a file")
            .File("was-file", "x")
            .Dir("was-file")
            .Symlink("was-link", "/etc")
            .File("was-link", "plain")
            .Build());

        Assert.Equal("second", File.ReadAllText(At("config")));
        Assert.Equal(0x180u, FileFacts.Permissions(At("config")));
        Assert.Equal(["one", "two"], Directory.GetFileSystemEntries(At("both")).Select(p => Path.GetFileName(p)!).Order().ToArray());
        Assert.Equal((0x1c0u, 3u), (FileFacts.Permissions(At("both")), FileFacts.Stat(At("both")).Uid));
        Assert.Equal("now a file", File.ReadAllText(At("was-dir")));
        Assert.True(FileFacts.Stat(At("was-file")).IsDirectory);
        Assert.True(FileFacts.Stat(At("was-link")).IsRegular);
    }

    [Fact]
    public void A_directory_replacing_a_whiteout_is_opaque()
    {
        Unpack(new TarBuilder().File(".wh.opt").Dir("opt").File("opt/tool", "t").Build());

        Assert.True(FileFacts.Stat(At("opt")).IsDirectory);
        Assert.Equal("y"u8.ToArray(), FileFacts.Xattr(At("opt"), "trusted.overlay.opaque"));
    }

    [Fact]
    public void Applies_a_root_entry_to_the_target_directory()
    {
        Unpack(new TarBuilder().Dir("./", mode: 0x1c0, uid: 11).File("./etc/issue", "hello").Build());

        Assert.Equal((0x1c0u, 11u), (FileFacts.Permissions(Target), FileFacts.Stat(Target).Uid));
        Assert.Equal("hello", File.ReadAllText(At("etc/issue")));
    }

    [Fact]
    public void Reads_gnu_long_names_and_ustar_prefixes()
    {
        var longDirectory = string.Join('/', Enumerable.Repeat("directory-with-a-long-name", 8));
        var prefixed = string.Join('/', Enumerable.Repeat("component-of-twenty", 6)) + "/file";
        var gnu = new TarBuilder()
            .Add(new GnuTarEntry(TarEntryType.RegularFile, longDirectory + "/file") { DataStream = new MemoryStream("gnu"u8.ToArray()) })
            .Add(new GnuTarEntry(TarEntryType.SymbolicLink, "link-to-long") { LinkName = longDirectory + "/file" })
            .Add(new UstarTarEntry(TarEntryType.RegularFile, prefixed) { DataStream = new MemoryStream("ustar"u8.ToArray()) })
            .Build();

        Unpack(gnu);

        Assert.Equal("gnu", File.ReadAllText(At(longDirectory + "/file")));
        Assert.Equal(longDirectory + "/file", new FileInfo(At("link-to-long")).LinkTarget);
        Assert.Equal("ustar", File.ReadAllText(At(prefixed)));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void Reports_the_diffid_of_the_uncompressed_stream(string compression)
    {
        var big = RandomNumberGenerator.GetBytes(3 << 20);
        var tar = new TarBuilder().Dir("data").File("data/big", big).File("data/small", "0123456789").Build();
        var layer = compression switch { "gzip" => TarBuilder.Gzip(tar), "zstd" => TarBuilder.Zstd(tar), _ => tar };

        var result = Unpack(layer);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar)), result.DiffId.Value);
        Assert.Equal(tar.Length, result.UncompressedLength);
        Assert.Equal(big.Length + 10, result.Size);
        Assert.Equal(big, File.ReadAllBytes(At("data/big")));
    }

    [Fact]
    public void Reads_a_pax_block_that_straddles_the_read_ahead_chunks()
    {
        // File "a" fills the stream up to 4 KiB before the 1 MiB mark; the 8 KiB PAX block of the next entry crosses it.
        var fill = new string('a', (1 << 20) - 4608 - 512);
        var longName = "b/" + new string('n', 250);
        var tar = new RawTar()
            .File("a", fill)
            .Pax(("comment", Encoding.ASCII.GetBytes(new string('c', 8000))), ("path", Encoding.UTF8.GetBytes(longName)), ("SCHILY.xattr.user.small", [1, 2, 3]))
            .File("ignored-name", "after")
            .Build();

        var result = Unpack(tar);

        Assert.Equal("after", File.ReadAllText(At(longName)));
        Assert.Equal(new byte[] { 1, 2, 3 }, FileFacts.Xattr(At(longName), "user.small"));
        Assert.Equal(fill.Length, new FileInfo(At("a")).Length);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar)), result.DiffId.Value);
    }

    [Fact]
    public void Hashes_trailing_padding_after_the_end_marker()
    {
        var tar = new TarBuilder().File("a", "x").Build().Concat(new byte[8192]).ToArray();

        var result = Unpack(tar);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar)), result.DiffId.Value);
        Assert.Equal(tar.Length, result.UncompressedLength);
    }

    [Fact]
    public void Accepts_headers_checksummed_with_signed_chars_by_old_tars()
    {
        var header = RawTar.Header("caf\u00e9", (byte)'0', 0); // é is two bytes >= 0x80
        long signedSum = ' ' * 8;
        for (var i = 0; i < 512; i++) if (i is < 148 or >= 156) signedSum += (sbyte)header[i];
        Encoding.ASCII.GetBytes(Convert.ToString(signedSum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);

        Unpack(header.Concat(new byte[1024]).ToArray());

        Assert.True(FileFacts.Stat(At("caf\u00e9")).IsRegular);
    }

    [Fact]
    public void Leaves_owners_alone_when_asked()
    {
        Directory.CreateDirectory(Target);
        LayerUnpacker.Unpack(new MemoryStream(new TarBuilder().File("f", "x", uid: 1234, gid: 4321).Build()), Target,
            new UnpackOptions { IgnoreOwnership = true });

        Assert.Equal((0u, 0u), (FileFacts.Stat(At("f")).Uid, FileFacts.Stat(At("f")).Gid));
    }

    [Fact]
    public void Keeps_names_as_utf8()
    {
        Unpack(new TarBuilder().File("données/ファイル", "ü", mode: 0x1a4).Build());

        Assert.Equal("ü", File.ReadAllText(At("données/ファイル"), Encoding.UTF8));
    }
}
