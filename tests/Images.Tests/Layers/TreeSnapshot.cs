using System.Text;
using Berth.Sys.Interop;

namespace Berth.Images.Tests.Layers;

/// <summary>
/// A directory tree as comparable text, one line per path: type, mode, owner, mtime, content hash,
/// link target, device numbers, xattrs and which names share an inode.
/// </summary>
static class TreeSnapshot
{
    public static List<string> Of(string root, bool withDirectoryTimes = true)
    {
        var paths = Walk(root, "").Order(StringComparer.Ordinal).ToList();
        var firstNameOfInode = new Dictionary<ulong, string>();
        var lines = new List<string>();
        foreach (var relative in paths)
        {
            var full = Path.Join(root, relative);
            var status = FileFacts.Stat(full);
            var inodeGroup = "";
            if (!status.IsDirectory && status.Nlink > 1)
                inodeGroup = " inode-of=" + (firstNameOfInode.TryAdd(status.Inode, relative) ? relative : firstNameOfInode[status.Inode]);
            var showTime = withDirectoryTimes || !status.IsDirectory;
            lines.Add($"{relative} type={status.Type:x} mode={Convert.ToString(status.Mode & 0xfff, 8)} owner={status.Uid}:{status.Gid}" +
                $"{(showTime ? " mtime=" + status.MtimeSeconds : "")}{Content(full, status)}{inodeGroup}{Xattrs(full)}");
        }
        return lines;
    }

    static IEnumerable<string> Walk(string root, string relative)
    {
        foreach (var entry in new DirectoryInfo(Path.Join(root, relative)).EnumerateFileSystemInfos())
        {
            var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            yield return path;
            if (entry.LinkTarget is null && entry is DirectoryInfo)
                foreach (var child in Walk(root, path)) yield return child;
        }
    }

    static string Content(string path, Libc.Statx status) => status.Type switch
    {
        Libc.S_IFREG => " sha256=" + FileFacts.Sha256(path)[..16],
        Libc.S_IFLNK => " target=" + new FileInfo(path).LinkTarget,
        Libc.S_IFCHR or Libc.S_IFBLK => $" rdev={status.RdevMajor},{status.RdevMinor}",
        _ => "",
    };

    static string Xattrs(string path)
    {
        var text = new StringBuilder();
        foreach (var name in FileFacts.XattrNames(path)) text.Append($" {name}={Convert.ToHexString(FileFacts.Xattr(path, name)!)}");
        return text.ToString();
    }
}
