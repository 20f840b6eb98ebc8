namespace Berth.Images.Layers.Tar;

/// <summary>Where the fields of a 512-byte ustar header block sit, and the sizes berth accepts.</summary>
static class TarLayout
{
    public const int BlockSize = 512;

    public const int NameOffset = 0, NameLength = 100;
    public const int ModeOffset = 100, ModeLength = 8;
    public const int UidOffset = 108, GidOffset = 116, IdLength = 8;
    public const int SizeOffset = 124, SizeLength = 12;
    public const int MtimeOffset = 136, MtimeLength = 12;
    public const int ChecksumOffset = 148, ChecksumLength = 8;
    public const int TypeOffset = 156;
    public const int LinkNameOffset = 157, LinkNameLength = 100;
    public const int MagicOffset = 257;
    public const int DevMajorOffset = 329, DevMinorOffset = 337, DevLength = 8;
    public const int PrefixOffset = 345, PrefixLength = 155;

    /// <summary>"ustar\0" then version "00": POSIX ustar and PAX, which use the prefix field.</summary>
    public static ReadOnlySpan<byte> PosixMagic => "ustar\u000000"u8;

    /// <summary>Longest entry or link name a layer may carry, in bytes (PATH_MAX).</summary>
    public const int MaxNameBytes = 4096;
    /// <summary>Largest PAX extended header or GNU long-name block berth will buffer.</summary>
    public const int MaxMetadataBytes = 1 << 20;

    public static long Padding(long size) => (BlockSize - (size % BlockSize)) % BlockSize;
    public static long Padded(long size) => size + Padding(size);
}
