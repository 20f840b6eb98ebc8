using System.Formats.Tar;
using System.Text;

namespace Berth.Integration.Tests.Fixtures;

/// <summary>Layer tarballs for `berth import`: hand-made entries (hostile ones too) and unique variants of the busybox root filesystem.</summary>
public static class Tarballs
{
    public static PaxTarEntry File(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };

    public static PaxTarEntry Directory(string name) => new(TarEntryType.Directory, name) { Mode = (UnixFileMode)0b111_101_101 };

    public static PaxTarEntry Symlink(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    public static PaxTarEntry Hardlink(string name, string target) => new(TarEntryType.HardLink, name) { LinkName = target };

    public static string Write(string path, IEnumerable<TarEntry> entries)
    {
        using var output = System.IO.File.Create(path);
        using var writer = new TarWriter(output, TarEntryFormat.Pax);
        foreach (var entry in entries) writer.WriteEntry(entry);
        return path;
    }

    /// <summary>
    /// <paramref name="rootfs"/> (a busybox root filesystem tarball) plus one file of random content, written to
    /// <paramref name="path"/>: an image whose only layer no other image shares.
    /// </summary>
    public static string UniqueCopy(string rootfs, string path)
    {
        using var output = System.IO.File.Create(path);
        using var writer = new TarWriter(output, TarEntryFormat.Pax);
        using var input = System.IO.File.OpenRead(rootfs);
        using var reader = new TarReader(input);
        while (reader.GetNextEntry() is { } entry) writer.WriteEntry(entry);
        writer.WriteEntry(File("etc/unique", Guid.NewGuid().ToString("N") + "\n"));
        return path;
    }
}

/// <summary>One busybox root filesystem tarball for a test class, made once (the script copies hundreds of links).</summary>
public sealed class BusyboxTarball : IDisposable
{
    readonly TempDirectory _dir = new();

    public BusyboxTarball()
    {
        Path = _dir.Sub("busybox-rootfs.tar");
        BerthFixture.WriteBusyboxRootfs(Path);
    }

    public string Path { get; }

    public void Dispose() => _dir.Dispose();
}
