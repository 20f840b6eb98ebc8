using Berth.Images.Layers.Tar;

namespace Berth.Images.Layers.Write;

/// <summary>One tar entry to write, with what the writer needs beyond the header.</summary>
/// <param name="Tar">The header; Name is the path relative to the layer root, without a trailing slash.</param>
/// <param name="SortKey">The path as UTF-8, which orders the archive.</param>
/// <param name="Inode">Device and inode when other names may share it (a hardlink candidate), else null.</param>
/// <param name="HasContent">True for files whose bytes come from disk; whiteout markers have none.</param>
sealed record ScannedEntry(TarEntry Tar, byte[] SortKey, (ulong Device, ulong Inode)? Inode, bool HasContent);
