namespace Berth.Images.Layers.Tar;

/// <summary>
/// One tar entry's metadata after PAX and GNU extensions are applied. The reader fills one instance
/// again and again, so that reading an entry allocates only its strings.
/// </summary>
sealed class TarEntry
{
    public string Name = "";
    public string LinkName = "";
    public TarEntryKind Kind;
    /// <summary>Permission bits plus setuid, setgid and sticky (07777).</summary>
    public uint Mode;
    public uint Uid, Gid;
    /// <summary>Bytes of content that follow the header; 0 for every kind but File.</summary>
    public long Size;
    public long MtimeSeconds;
    public uint MtimeNanoseconds;
    public uint DevMajor, DevMinor;
    public readonly List<Xattr> Xattrs = [];

    public void Reset()
    {
        Name = LinkName = "";
        Kind = TarEntryKind.File;
        Mode = Uid = Gid = DevMajor = DevMinor = MtimeNanoseconds = 0;
        Size = MtimeSeconds = 0;
        Xattrs.Clear();
    }
}
