using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Berth.Images.Tests.Layers;

/// <summary>Builds test layers in memory with System.Formats.Tar's TarWriter (PAX format).</summary>
sealed class TarBuilder
{
    public static readonly DateTimeOffset Mtime = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000);

    readonly MemoryStream stream = new();
    readonly TarWriter writer;

    public TarBuilder() => writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);

    public TarBuilder Dir(string name, int mode = 0x1ed, int uid = 0, int gid = 0, DateTimeOffset? mtime = null, Dictionary<string, string>? pax = null) =>
        Add(Entry(TarEntryType.Directory, name, mode, uid, gid, mtime, pax));

    public TarBuilder File(string name, string content = "", int mode = 0x1a4, int uid = 0, int gid = 0, DateTimeOffset? mtime = null, Dictionary<string, string>? pax = null) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, uid, gid, mtime, pax);

    public TarBuilder File(string name, byte[] content, int mode = 0x1a4, int uid = 0, int gid = 0, DateTimeOffset? mtime = null, Dictionary<string, string>? pax = null)
    {
        var entry = Entry(TarEntryType.RegularFile, name, mode, uid, gid, mtime, pax);
        entry.DataStream = new MemoryStream(content);
        return Add(entry);
    }

    public TarBuilder Symlink(string name, string target, int uid = 0, int gid = 0) =>
        Add(Link(TarEntryType.SymbolicLink, name, target, uid, gid));

    public TarBuilder HardLink(string name, string target) => Add(Link(TarEntryType.HardLink, name, target, 0, 0));

    public TarBuilder Device(TarEntryType type, string name, int major, int minor, int mode = 0x1b6)
    {
        var entry = Entry(type, name, mode, 0, 0, null, null);
        entry.DeviceMajor = major;
        entry.DeviceMinor = minor;
        return Add(entry);
    }

    public TarBuilder Fifo(string name, int mode = 0x1a4) => Add(Entry(TarEntryType.Fifo, name, mode, 0, 0, null, null));

    public TarBuilder Add(TarEntry entry)
    {
        writer.WriteEntry(entry);
        return this;
    }

    /// <summary>The finished uncompressed tar.</summary>
    public byte[] Build()
    {
        writer.Dispose();
        return stream.ToArray();
    }

    static PaxTarEntry Link(TarEntryType type, string name, string target, int uid, int gid)
    {
        var entry = Entry(type, name, 0x1ff, uid, gid, null, null);
        entry.LinkName = target;
        return entry;
    }

    static PaxTarEntry Entry(TarEntryType type, string name, int mode, int uid, int gid, DateTimeOffset? mtime, Dictionary<string, string>? pax) =>
        new(type, name, pax ?? [])
        {
            Mode = (UnixFileMode)mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = mtime ?? Mtime,
        };

    public static byte[] Gzip(byte[] tar)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(tar);
        return output.ToArray();
    }

    public static byte[] Zstd(byte[] tar)
    {
        var output = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(output, level: 3, leaveOpen: true)) zstd.Write(tar);
        return output.ToArray();
    }
}
