using Berth.Build.Context;
using Berth.Sys.Interop;

namespace Berth.Build.Steps;

/// <summary>
/// One copied entry as the cache key sees it: its path, type, mode and, for a file, its content
/// digest (or a symlink's target). Owners and times are not in it: COPY sets the owner, and a
/// touched but unchanged file must not invalidate the cache.
/// </summary>
public static class CopyDigest
{
    public static string Line(SourceEntry entry, FileHashCache hashes)
    {
        var st = entry.Stat;
        var kind = st.IsDirectory ? "d" : st.IsSymlink ? "l" : st.IsRegular ? "f" : "o";
        var content = st.IsRegular ? hashes.Hash(entry.HostPath, st) : st.IsSymlink ? Libc.ReadLinkAt(Libc.AT_FDCWD, entry.HostPath) ?? "" : "";
        return $"{entry.RelativePath}\t{kind}\t{Convert.ToString(st.Mode & 0xfff, 8)}\t{content}";
    }
}
