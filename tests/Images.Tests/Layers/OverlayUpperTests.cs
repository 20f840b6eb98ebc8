using System.Formats.Tar;
using Berth.Images.Layers;
using Berth.Sys.Interop;

namespace Berth.Images.Tests.Layers;

/// <summary>A real overlay mount's upperdir, written back as a layer: whiteouts and opaque directories in their tar forms.</summary>
public sealed class OverlayUpperTests : IDisposable
{
    readonly ScratchDirectory scratch = new();
    readonly string lower, upper, merged;

    public OverlayUpperTests()
    {
        lower = scratch.Sub("lower");
        upper = scratch.Sub("upper");
        merged = scratch.Sub("merged");
        var work = scratch.Sub("work");
        SampleTree.Write(lower, "gone", "deleted through the merged view");
        SampleTree.Write(lower, "also-gone", "deleted too");
        SampleTree.Write(lower, "kept", "stays");
        SampleTree.Write(lower, "cache/old-1", "hidden by the opaque directory");
        SampleTree.Write(lower, "cache/old-2", "hidden too");
        Assert.Equal(0, Libc.mount("overlay", merged, "overlay", 0, $"lowerdir={lower},upperdir={upper},workdir={work}"));
        scratch.Mounted(merged);
    }

    public void Dispose() => scratch.Dispose();

    void ChangeThroughMergedViewAndUnmount()
    {
        File.Delete(Path.Join(merged, "gone"));
        File.Delete(Path.Join(merged, "also-gone"));
        Directory.Delete(Path.Join(merged, "cache"), recursive: true);
        Directory.CreateDirectory(Path.Join(merged, "cache"));
        File.WriteAllText(Path.Join(merged, "cache/new"), "fresh");
        File.WriteAllText(Path.Join(merged, "added"), "new file");
        Assert.Equal(0, Libc.umount2(merged, 0));
        scratch.Unmounted(merged);
    }

    byte[] WriteUpper()
    {
        var output = new MemoryStream();
        LayerWriter.Write(upper, output, new LayerWriteOptions { FromOverlayUpper = true });
        return output.ToArray();
    }

    [Fact]
    public void Writes_whiteouts_and_opaque_directories_as_wh_entries()
    {
        ChangeThroughMergedViewAndUnmount();
        Assert.True(FileFacts.Stat(Path.Join(upper, "gone")).IsWhiteout);
        Assert.Equal("y"u8.ToArray(), FileFacts.Xattr(Path.Join(upper, "cache"), "trusted.overlay.opaque"));

        var reader = new TarReader(new MemoryStream(WriteUpper()));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry() is { } entry) entries.Add(entry);

        Assert.Equal([".wh.also-gone", ".wh.gone", "added", "cache/", "cache/.wh..wh..opq", "cache/new"], entries.Select(e => e.Name));
        var whiteout = entries.Single(e => e.Name == ".wh.gone");
        Assert.Equal((TarEntryType.RegularFile, 0L, (UnixFileMode)0x180), (whiteout.EntryType, whiteout.Length, whiteout.Mode));
        Assert.Equal(TarEntryType.RegularFile, entries.Single(e => e.Name == ".wh.also-gone").EntryType);
        Assert.All(entries.OfType<PaxTarEntry>(), e => Assert.DoesNotContain(e.ExtendedAttributes.Keys, key => key.Contains("overlay")));
    }

    [Fact]
    public void Unpacks_the_written_upper_back_to_overlay_forms()
    {
        ChangeThroughMergedViewAndUnmount();
        var target = scratch.Sub("unpacked");

        LayerUnpacker.Unpack(new MemoryStream(WriteUpper()), target);

        Assert.True(FileFacts.Stat(Path.Join(target, "gone")).IsWhiteout);
        Assert.True(FileFacts.Stat(Path.Join(target, "also-gone")).IsWhiteout);
        Assert.Equal("y"u8.ToArray(), FileFacts.Xattr(Path.Join(target, "cache"), "trusted.overlay.opaque"));
        Assert.Equal("fresh", File.ReadAllText(Path.Join(target, "cache/new")));
        Assert.False(FileFacts.Exists(Path.Join(target, "kept")));
    }

    [Fact]
    public void Keeps_whiteouts_as_devices_when_not_told_it_is_an_upperdir()
    {
        ChangeThroughMergedViewAndUnmount();
        var output = new MemoryStream();

        LayerWriter.Write(upper, output, new LayerWriteOptions());

        // overlayfs links its whiteouts to one shared inode, so the second is a hardlink to the first.
        var reader = new TarReader(new MemoryStream(output.ToArray()));
        var entries = new List<(string, TarEntryType, string)>();
        while (reader.GetNextEntry() is { } entry) entries.Add((entry.Name, entry.EntryType, entry.LinkName));
        Assert.Contains(("also-gone", TarEntryType.CharacterDevice, ""), entries);
        Assert.Contains(entries, e => e.Item1 == "gone" && e.Item2 is TarEntryType.CharacterDevice or TarEntryType.HardLink);
        Assert.DoesNotContain(entries, e => e.Item1.Contains(".wh."));
    }
}
