using System.Text;
using Berth.Images.Content;

namespace Berth.Images.Layers.Tar;

/// <summary>
/// Reads a layer's uncompressed tar stream entry by entry; the stream is read ahead and hashed on
/// another thread, so the DiffID falls out of the single extraction pass. It parses POSIX ustar, PAX and
/// GNU headers itself: System.Formats.Tar decodes PAX values as UTF-8 (mangling binary xattrs such
/// as security.capability, and rejecting one that holds a newline byte) and buffers PAX and GNU
/// long-name blocks of any size. Metadata blocks are bounded here before anything is allocated.
/// </summary>
sealed class LayerTarReader : IDisposable
{
    static readonly UTF8Encoding Utf8 = new(false, false);

    readonly HashingReadAhead source;
    readonly TarInputBuffer input;
    readonly PaxOverrides pax = new();
    readonly Digest? knownDiffId;
    long dataRemaining, paddingRemaining;
    string? longName, longLink;

    /// <param name="knownDiffId">The stream's digest, vouched for by the caller (see UnpackOptions.RawDigestIsDiffId): then it is not hashed again.</param>
    public LayerTarReader(Stream uncompressed, Digest? knownDiffId = null)
    {
        this.knownDiffId = knownDiffId;
        source = new HashingReadAhead(uncompressed, hash: knownDiffId is null);
        input = new TarInputBuffer(source);
    }

    /// <summary>Fills <paramref name="entry"/> with the next entry; false at the end of the archive.</summary>
    public bool Next(TarEntry entry)
    {
        SkipUnreadData();
        pax.Clear();
        longName = longLink = null;
        while (true)
        {
            if (!input.TryTake(TarLayout.BlockSize, out var header)) return false;
            if (!header.ContainsAnyExcept((byte)0)) return false;
            VerifyChecksum(header);
            if (ReadMetadataBlock(header)) continue;
            ReadEntryHeader(header, entry);
            return true;
        }
    }

    /// <summary>The next piece of the current entry's content, straight from the read buffer; false when it is all read.</summary>
    public bool NextDataChunk(out ReadOnlySpan<byte> chunk)
    {
        if (dataRemaining == 0)
        {
            chunk = default;
            return false;
        }
        chunk = input.TakeUpTo(dataRemaining);
        dataRemaining -= chunk.Length;
        return true;
    }

    /// <summary>True when the DiffID <see cref="Finish"/> returns is the caller's, not hashed here.</summary>
    public bool DiffIdFromCaller => knownDiffId is not null;

    /// <summary>Reads the stream to its end (the end-of-archive blocks and any padding) and returns its digest and length.</summary>
    public (Digest DiffId, long Length) Finish()
    {
        input.Drain();
        var (sha256, length) = source.Finish();
        return (knownDiffId ?? Digest.FromHash(sha256!), length);
    }

    void SkipUnreadData()
    {
        input.Skip(dataRemaining + paddingRemaining);
        dataRemaining = paddingRemaining = 0;
    }

    static void VerifyChecksum(ReadOnlySpan<byte> header)
    {
        var stored = TarNumbers.ParseOctal(header.Slice(TarLayout.ChecksumOffset, TarLayout.ChecksumLength), "checksum");
        // Old writers summed signed chars; accept either sum, as GNU tar and Go do.
        if (stored != TarChecksum.Unsigned(header) && stored != TarChecksum.Signed(header))
            throw LayerRefusal.Corrupt("a header's checksum does not match");
    }

    /// <summary>Consumes a PAX or GNU metadata block that describes the next entry; false for an entry header.</summary>
    bool ReadMetadataBlock(ReadOnlySpan<byte> header)
    {
        var type = header[TarLayout.TypeOffset];
        if (type is not (TarTypeFlag.PaxHeader or TarTypeFlag.PaxGlobal or TarTypeFlag.GnuLongName or TarTypeFlag.GnuLongLink))
            return false;
        var headerName = HeaderName(header);
        var size = TarNumbers.Parse(header.Slice(TarLayout.SizeOffset, TarLayout.SizeLength), "size");
        if (size > TarLayout.MaxMetadataBytes)
            throw LayerRefusal.Entry(headerName, $"has a {size}-byte '{(char)type}' metadata block, over the {TarLayout.MaxMetadataBytes >> 20} MiB limit");
        if (!input.TryTake((int)TarLayout.Padded(size), out var block)) throw LayerRefusal.Corrupt("the stream ends inside a metadata block");
        var content = block[..(int)size];
        switch (type)
        {
            // A second 'x' replaces the first, as in Go's reader; accumulating them would let a stream grow memory without bound.
            case TarTypeFlag.PaxHeader: pax.Clear(); pax.Parse(content, headerName); break;
            case TarTypeFlag.GnuLongName: longName = PaxOverrides.Name(CutAtNul(content), headerName); break;
            case TarTypeFlag.GnuLongLink: longLink = PaxOverrides.Name(CutAtNul(content), headerName); break;
            // Global PAX headers ('g') are ignored, as docker and containerd do.
        }
        return true;
    }

    void ReadEntryHeader(ReadOnlySpan<byte> header, TarEntry entry)
    {
        entry.Reset();
        var type = header[TarLayout.TypeOffset];
        entry.Name = pax.Path ?? longName ?? HeaderName(header);
        entry.LinkName = pax.LinkPath ?? longLink ?? Field(header.Slice(TarLayout.LinkNameOffset, TarLayout.LinkNameLength), entry.Name);
        entry.Kind = KindOf(type, entry.Name);
        entry.Mode = (uint)(TarNumbers.Parse(header.Slice(TarLayout.ModeOffset, TarLayout.ModeLength), "mode") & 0xfff);
        entry.Uid = Id(pax.Uid ?? TarNumbers.Parse(header.Slice(TarLayout.UidOffset, TarLayout.IdLength), "uid"), entry.Name);
        entry.Gid = Id(pax.Gid ?? TarNumbers.Parse(header.Slice(TarLayout.GidOffset, TarLayout.IdLength), "gid"), entry.Name);
        (entry.MtimeSeconds, entry.MtimeNanoseconds) = pax.Mtime ?? (TarNumbers.Parse(header.Slice(TarLayout.MtimeOffset, TarLayout.MtimeLength), "mtime"), 0u);
        if (entry.Kind is TarEntryKind.CharDevice or TarEntryKind.BlockDevice)
        {
            entry.DevMajor = (uint)TarNumbers.Parse(header.Slice(TarLayout.DevMajorOffset, TarLayout.DevLength), "devmajor");
            entry.DevMinor = (uint)TarNumbers.Parse(header.Slice(TarLayout.DevMinorOffset, TarLayout.DevLength), "devminor");
        }
        var size = pax.Size ?? TarNumbers.Parse(header.Slice(TarLayout.SizeOffset, TarLayout.SizeLength), "size");
        if (size < 0) throw LayerRefusal.Entry(entry.Name, "has a negative size");
        // Like Go's archive/tar (and so docker), only regular files carry content; other kinds' size fields are ignored.
        entry.Size = dataRemaining = entry.Kind == TarEntryKind.File ? size : 0;
        paddingRemaining = TarLayout.Padding(dataRemaining);
        entry.Xattrs.AddRange(pax.Xattrs);
    }

    static TarEntryKind KindOf(byte type, string name) => type switch
    {
        TarTypeFlag.Regular or TarTypeFlag.Contiguous => TarEntryKind.File,
        // V7 archives mark directories only by the trailing slash.
        TarTypeFlag.RegularV7 => name.EndsWith('/') ? TarEntryKind.Directory : TarEntryKind.File,
        TarTypeFlag.HardLink => TarEntryKind.HardLink,
        TarTypeFlag.Symlink => TarEntryKind.Symlink,
        TarTypeFlag.CharDevice => TarEntryKind.CharDevice,
        TarTypeFlag.BlockDevice => TarEntryKind.BlockDevice,
        TarTypeFlag.Directory => TarEntryKind.Directory,
        TarTypeFlag.Fifo => TarEntryKind.Fifo,
        TarTypeFlag.GnuSparse => throw LayerRefusal.Entry(name, "is a GNU sparse file, which layers may not hold"),
        _ => throw LayerRefusal.Entry(name, $"has the unsupported tar type '{(char)type}'"),
    };

    static uint Id(long id, string name) =>
        id is >= 0 and < uint.MaxValue ? (uint)id : throw LayerRefusal.Entry(name, $"has the invalid owner id {id}");

    /// <summary>The ustar name, with the prefix field in front when the header is POSIX (GNU headers use that space for times).</summary>
    static string HeaderName(ReadOnlySpan<byte> header)
    {
        var name = CutAtNul(header.Slice(TarLayout.NameOffset, TarLayout.NameLength));
        var prefix = CutAtNul(header.Slice(TarLayout.PrefixOffset, TarLayout.PrefixLength));
        if (prefix.IsEmpty || !header.Slice(TarLayout.MagicOffset, 8).SequenceEqual(TarLayout.PosixMagic)) return Utf8.GetString(name);
        return string.Concat(Utf8.GetString(prefix), "/", Utf8.GetString(name));
    }

    static string Field(ReadOnlySpan<byte> field, string entryName) => PaxOverrides.Name(CutAtNul(field), entryName);

    static ReadOnlySpan<byte> CutAtNul(ReadOnlySpan<byte> field)
    {
        var nul = field.IndexOf((byte)0);
        return nul < 0 ? field : field[..nul];
    }

    public void Dispose() => source.Dispose();
}
