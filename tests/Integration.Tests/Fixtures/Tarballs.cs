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

    /// <summary>The busybox root filesystem plus one file of random content: an image whose only layer no other image shares.</summary>
    public static string UniqueBusybox(string path)
    {
        var plain = path + ".plain";
        BerthFixture.WriteBusyboxRootfs(plain);
        using (var output = System.IO.File.Create(path))
        using (var writer = new TarWriter(output, TarEntryFormat.Pax))
        using (var input = System.IO.File.OpenRead(plain))
        using (var reader = new TarReader(input))
        {
            while (reader.GetNextEntry() is { } entry) writer.WriteEntry(entry);
            writer.WriteEntry(File("etc/unique", Guid.NewGuid().ToString("N") + "\n"));
        }
        System.IO.File.Delete(plain);
        return path;
    }
}
