using System.Text;

namespace Berth.Images.Layers.Tar;

/// <summary>
/// Writes entry headers in PAX format, deterministically: a ustar block, preceded by an 'x' block
/// only when a field does not fit (long or non-ASCII names, large ids, sizes or times, xattrs).
/// Owners are numeric with empty user and group names; there is no atime or ctime. The 'x' block is
/// named like Go's archive/tar does ("dir/PaxHeaders.0/name"), never after the process id as
/// System.Formats.Tar's TarWriter does, which would make every build's layer differ.
/// </summary>
sealed class TarHeaderEncoder(HashingOutput output)
{
    const long MaxOctal7 = (1L << 21) - 1, MaxOctal11 = (1L << 33) - 1;
    const string XattrRecordPrefix = "SCHILY.xattr.";

    readonly byte[] block = new byte[TarLayout.BlockSize];
    readonly PaxRecordSet pax = new();

    /// <summary>Writes the header(s) for <paramref name="entry"/>; its content, if any, follows through the same output.</summary>
    public void Write(TarEntry entry)
    {
        var name = entry.Kind == TarEntryKind.Directory ? entry.Name + "/" : entry.Name;
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var linkBytes = Encoding.UTF8.GetBytes(entry.LinkName);
        CollectRecords(entry, nameBytes, linkBytes);
        if (!pax.IsEmpty) WritePaxBlock(entry.Name);
        FillEntryBlock(entry, nameBytes, linkBytes);
        output.Write(block);
    }

    void CollectRecords(TarEntry entry, byte[] nameBytes, byte[] linkBytes)
    {
        pax.Clear();
        if (!FitsUstarText(nameBytes, TarLayout.NameLength)) pax.Add("path", nameBytes);
        if (!FitsUstarText(linkBytes, TarLayout.LinkNameLength)) pax.Add("linkpath", linkBytes);
        if (entry.Uid > MaxOctal7) pax.Add("uid", entry.Uid);
        if (entry.Gid > MaxOctal7) pax.Add("gid", entry.Gid);
        if (entry.Size > MaxOctal11) pax.Add("size", entry.Size);
        if (entry.MtimeSeconds is < 0 or > MaxOctal11) pax.Add("mtime", entry.MtimeSeconds);
        foreach (var xattr in entry.Xattrs) pax.Add(XattrRecordPrefix + xattr.Name, xattr.Value);
    }

    static bool FitsUstarText(byte[] text, int fieldLength) => text.Length <= fieldLength && Ascii.IsValid(text);

    void WritePaxBlock(string entryName)
    {
        var records = pax.Encode();
        Array.Clear(block);
        Text(PaxHeaderName(entryName), TarLayout.NameOffset, TarLayout.NameLength);
        Octal(0, TarLayout.ModeOffset, TarLayout.ModeLength);
        CommonFields(0, 0, records.Length, 0, TarTypeFlag.PaxHeader);
        output.Write(block);
        output.Write(records);
        output.WriteZeros(TarLayout.Padding(records.Length));
    }

    static byte[] PaxHeaderName(string entryName)
    {
        var slash = entryName.LastIndexOf('/');
        var name = slash < 0 ? "PaxHeaders.0/" + entryName : $"{entryName[..slash]}/PaxHeaders.0/{entryName[(slash + 1)..]}";
        var bytes = Encoding.UTF8.GetBytes(name);
        return bytes.Length <= TarLayout.NameLength ? bytes : bytes[..TarLayout.NameLength];
    }

    void FillEntryBlock(TarEntry entry, byte[] nameBytes, byte[] linkBytes)
    {
        Array.Clear(block);
        Text(nameBytes, TarLayout.NameOffset, TarLayout.NameLength);
        Text(linkBytes, TarLayout.LinkNameOffset, TarLayout.LinkNameLength);
        Octal(entry.Mode & 0xfff, TarLayout.ModeOffset, TarLayout.ModeLength);
        Octal(entry.DevMajor, TarLayout.DevMajorOffset, TarLayout.DevLength);
        Octal(entry.DevMinor, TarLayout.DevMinorOffset, TarLayout.DevLength);
        CommonFields(entry.Uid, entry.Gid, entry.Size, entry.MtimeSeconds, TypeFlagOf(entry.Kind));
    }

    /// <summary>Numbers too big for their field go as 0 here; their PAX record carries the value.</summary>
    void CommonFields(long uid, long gid, long size, long mtime, byte type)
    {
        Octal(uid > MaxOctal7 ? 0 : uid, TarLayout.UidOffset, TarLayout.IdLength);
        Octal(gid > MaxOctal7 ? 0 : gid, TarLayout.GidOffset, TarLayout.IdLength);
        Octal(size > MaxOctal11 ? 0 : size, TarLayout.SizeOffset, TarLayout.SizeLength);
        Octal(mtime is < 0 or > MaxOctal11 ? 0 : mtime, TarLayout.MtimeOffset, TarLayout.MtimeLength);
        block[TarLayout.TypeOffset] = type;
        TarLayout.PosixMagic.CopyTo(block.AsSpan(TarLayout.MagicOffset));
        Checksum();
    }

    void Checksum()
    {
        var field = block.AsSpan(TarLayout.ChecksumOffset, TarLayout.ChecksumLength);
        field.Fill((byte)' ');
        TarNumbers.TryFormatOctal(TarChecksum.Unsigned(block), field[..7]); // six digits and a NUL, then the space already there
    }

    void Text(ReadOnlySpan<byte> text, int offset, int length) => text[..Math.Min(text.Length, length)].CopyTo(block.AsSpan(offset));

    void Octal(long value, int offset, int length) => TarNumbers.TryFormatOctal(value, block.AsSpan(offset, length));

    static byte TypeFlagOf(TarEntryKind kind) => kind switch
    {
        TarEntryKind.File => TarTypeFlag.Regular,
        TarEntryKind.Directory => TarTypeFlag.Directory,
        TarEntryKind.Symlink => TarTypeFlag.Symlink,
        TarEntryKind.HardLink => TarTypeFlag.HardLink,
        TarEntryKind.CharDevice => TarTypeFlag.CharDevice,
        TarEntryKind.BlockDevice => TarTypeFlag.BlockDevice,
        _ => TarTypeFlag.Fifo,
    };
}
