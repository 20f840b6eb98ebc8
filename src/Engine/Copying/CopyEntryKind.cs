namespace Berth.Engine.Copying;

/// <summary>The kinds of file a copy carries; sockets never travel, as in docker.</summary>
public enum CopyEntryKind { File, Directory, Symlink, HardLink, Fifo, CharDevice, BlockDevice }
