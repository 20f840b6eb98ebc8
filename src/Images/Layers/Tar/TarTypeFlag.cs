namespace Berth.Images.Layers.Tar;

/// <summary>The typeflag bytes of the tar formats layers use (POSIX, PAX, GNU).</summary>
static class TarTypeFlag
{
    public const byte RegularV7 = 0, Regular = (byte)'0', HardLink = (byte)'1', Symlink = (byte)'2',
        CharDevice = (byte)'3', BlockDevice = (byte)'4', Directory = (byte)'5', Fifo = (byte)'6', Contiguous = (byte)'7',
        PaxHeader = (byte)'x', PaxGlobal = (byte)'g', GnuLongName = (byte)'L', GnuLongLink = (byte)'K',
        GnuSparse = (byte)'S';
}
