using System.Formats.Tar;

namespace Berth.Engine.Copying;

/// <summary>`cp CONTAINER:SRC -`: copy entries as a tar stream, named under the source's name as docker names them.</summary>
public static class TarOutput
{
    public static long Write(IEnumerable<CopyEntry> entries, string rootName, Stream output)
    {
        long bytes = 0;
        using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var entry in entries)
        {
            var tar = ToTar(entry, rootName);
            try
            {
                writer.WriteEntry(tar);
                bytes += entry.Size;
            }
            finally
            {
                tar.DataStream?.Dispose();
            }
        }
        return bytes;
    }

    static PaxTarEntry ToTar(CopyEntry entry, string rootName)
    {
        var name = entry.Path.Length == 0 ? rootName : rootName + "/" + entry.Path;
        var tar = new PaxTarEntry(TypeOf(entry.Kind), entry.Kind == CopyEntryKind.Directory ? name + "/" : name)
        {
            Mode = (UnixFileMode)(entry.Mode & 0xfffu),
            Uid = entry.Uid,
            Gid = entry.Gid,
            ModificationTime = entry.Modified,
        };
        if (entry.Kind is CopyEntryKind.Symlink or CopyEntryKind.HardLink) tar.LinkName = entry.LinkTarget ?? "";
        if (entry.Kind is CopyEntryKind.CharDevice or CopyEntryKind.BlockDevice)
        {
            tar.DeviceMajor = (int)entry.DevMajor;
            tar.DeviceMinor = (int)entry.DevMinor;
        }
        if (entry.Kind == CopyEntryKind.File) tar.DataStream = entry.OpenContent?.Invoke();
        return tar;
    }

    static TarEntryType TypeOf(CopyEntryKind kind) => kind switch
    {
        CopyEntryKind.Directory => TarEntryType.Directory,
        CopyEntryKind.Symlink => TarEntryType.SymbolicLink,
        CopyEntryKind.HardLink => TarEntryType.HardLink,
        CopyEntryKind.Fifo => TarEntryType.Fifo,
        CopyEntryKind.CharDevice => TarEntryType.CharacterDevice,
        CopyEntryKind.BlockDevice => TarEntryType.BlockDevice,
        _ => TarEntryType.RegularFile,
    };
}
