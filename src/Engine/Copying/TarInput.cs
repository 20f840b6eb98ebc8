using System.Formats.Tar;
using Berth.Sys.Errors;

namespace Berth.Engine.Copying;

/// <summary>`cp - CONTAINER:DEST`: a tar stream read entry by entry as copy entries, names kept below the destination.</summary>
public static class TarInput
{
    public static IEnumerable<CopyEntry> Read(Stream input)
    {
        using var reader = new TarReader(input, leaveOpen: true);
        TarEntry? tar;
        while ((tar = Next(reader)) is not null)
            if (KindOf(tar.EntryType) is { } kind) yield return ToCopy(tar, kind);
    }

    static TarEntry? Next(TarReader reader)
    {
        try
        {
            return reader.GetNextEntry();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw BerthException.Invalid($"the input is not a valid tar stream ({e.GetType().Name}): give cp a tar archive on stdin");
        }
    }

    static CopyEntry ToCopy(TarEntry tar, CopyEntryKind kind)
    {
        var (seconds, nanoseconds) = CopyEntry.UnixTime(tar.ModificationTime);
        return new CopyEntry
        {
            Path = Clean(tar.Name),
            Kind = kind,
            Mode = (uint)tar.Mode & 0xfffu,
            Uid = tar.Uid,
            Gid = tar.Gid,
            MtimeSeconds = seconds,
            MtimeNanoseconds = nanoseconds,
            LinkTarget = kind == CopyEntryKind.HardLink ? Clean(tar.LinkName) : tar.LinkName,
            DevMajor = (uint)Math.Max(0, DeviceMajor(tar)),
            DevMinor = (uint)Math.Max(0, DeviceMinor(tar)),
            Size = tar.Length,
            OpenContent = kind == CopyEntryKind.File ? () => tar.DataStream ?? Stream.Null : null,
        };
    }

    static int DeviceMajor(TarEntry tar) => tar is PosixTarEntry posix ? posix.DeviceMajor : 0;
    static int DeviceMinor(TarEntry tar) => tar is PosixTarEntry posix ? posix.DeviceMinor : 0;

    /// <summary>A name relative to the destination; one that climbs above it ("../x") is refused, as docker refuses it.</summary>
    static string Clean(string name)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part != "..") parts.Add(part);
            else if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
            else throw BerthException.Invalid($"tar entry \"{name}\" points outside the destination directory");
        }
        return string.Join('/', parts);
    }

    static CopyEntryKind? KindOf(TarEntryType type) => type switch
    {
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => CopyEntryKind.File,
        TarEntryType.Directory => CopyEntryKind.Directory,
        TarEntryType.SymbolicLink => CopyEntryKind.Symlink,
        TarEntryType.HardLink => CopyEntryKind.HardLink,
        TarEntryType.Fifo => CopyEntryKind.Fifo,
        TarEntryType.CharacterDevice => CopyEntryKind.CharDevice,
        TarEntryType.BlockDevice => CopyEntryKind.BlockDevice,
        _ => null,
    };
}
