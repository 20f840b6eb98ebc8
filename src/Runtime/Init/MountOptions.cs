using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>OCI mount options split into mount(2) flags, propagation flags and the filesystem's data string.</summary>
public sealed record MountOptions(ulong Flags, ulong ClearFlags, ulong Propagation, string Data, bool Bind, bool Recursive)
{
    static readonly Dictionary<string, (ulong Set, ulong Clear)> FlagOptions = new()
    {
        ["ro"] = (Libc.MS_RDONLY, 0), ["rw"] = (0, Libc.MS_RDONLY),
        ["nosuid"] = (Libc.MS_NOSUID, 0), ["suid"] = (0, Libc.MS_NOSUID),
        ["nodev"] = (Libc.MS_NODEV, 0), ["dev"] = (0, Libc.MS_NODEV),
        ["noexec"] = (Libc.MS_NOEXEC, 0), ["exec"] = (0, Libc.MS_NOEXEC),
        ["sync"] = (Libc.MS_SYNCHRONOUS, 0), ["async"] = (0, Libc.MS_SYNCHRONOUS),
        ["dirsync"] = (Libc.MS_DIRSYNC, 0), ["remount"] = (Libc.MS_REMOUNT, 0),
        ["noatime"] = (Libc.MS_NOATIME, 0), ["atime"] = (0, Libc.MS_NOATIME),
        ["nodiratime"] = (Libc.MS_NODIRATIME, 0), ["diratime"] = (0, Libc.MS_NODIRATIME),
        ["relatime"] = (Libc.MS_RELATIME, 0), ["norelatime"] = (0, Libc.MS_RELATIME),
        ["strictatime"] = (Libc.MS_STRICTATIME, 0), ["nostrictatime"] = (0, Libc.MS_STRICTATIME),
        ["nosymfollow"] = (Libc.MS_NOSYMFOLLOW, 0),
    };

    static readonly Dictionary<string, ulong> PropagationOptions = new()
    {
        ["private"] = Libc.MS_PRIVATE, ["rprivate"] = Libc.MS_PRIVATE | Libc.MS_REC,
        ["slave"] = Libc.MS_SLAVE, ["rslave"] = Libc.MS_SLAVE | Libc.MS_REC,
        ["shared"] = Libc.MS_SHARED, ["rshared"] = Libc.MS_SHARED | Libc.MS_REC,
        ["unbindable"] = Libc.MS_UNBINDABLE, ["runbindable"] = Libc.MS_UNBINDABLE | Libc.MS_REC,
    };

    /// <summary>berth's own option: fill an empty volume from the image's content at the destination (docker's copy-up).</summary>
    public const string CopyUp = "berth.copy-up";

    public static MountOptions Parse(IEnumerable<string>? options)
    {
        ulong flags = 0, clear = 0, propagation = 0;
        bool bind = false, recursive = false;
        var data = new List<string>();
        foreach (var option in options ?? [])
        {
            if (option is "bind" or "rbind")
            {
                bind = true;
                recursive |= option == "rbind";
            }
            else if (FlagOptions.TryGetValue(option, out var f))
            {
                flags = (flags | f.Set) & ~f.Clear;
                clear |= f.Clear;
            }
            else if (PropagationOptions.TryGetValue(option, out var p)) propagation = p;
            else if (option == CopyUp || option.StartsWith("berth.", StringComparison.Ordinal)) { }
            else data.Add(option);
        }
        return new MountOptions(flags, clear, propagation, string.Join(',', data), bind, recursive);
    }
}
