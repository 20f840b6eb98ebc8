namespace Berth.Images.Layers.Tar;

/// <summary>What a tar entry makes on disk; the only kinds a layer may hold.</summary>
enum TarEntryKind : byte
{
    File,
    Directory,
    Symlink,
    HardLink,
    CharDevice,
    BlockDevice,
    Fifo,
}
