using System.Text;
using Berth.Images.Layers.Tar;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers.Write;

/// <summary>Reads a file's xattrs, sorted by name, as raw bytes.</summary>
static unsafe class XattrReader
{
    /// <summary><paramref name="path"/> must not end in a symlink that should be followed: l*xattr calls act on the link itself.</summary>
    public static List<Xattr> Read(string path, string shownPath)
    {
        var result = new List<Xattr>();
        foreach (var name in ListNames(path, shownPath))
        {
            var value = Value(path, name, shownPath);
            if (value is not null) result.Add(new Xattr(name, value));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    static List<string> ListNames(string path, string shownPath)
    {
        var names = new List<string>();
        var size = Libc.llistxattr(path, null, 0);
        if (size < 0 && Libc.LastErrno == Errno.EOPNOTSUPP) return names;
        if (size <= 0) return size == 0 ? names : throw new SystemCallException($"list xattrs of {shownPath}", Libc.LastErrno);
        var list = new byte[size];
        fixed (byte* start = list) size = (nint)Libc.Check((long)Libc.llistxattr(path, start, list.Length), $"list xattrs of {shownPath}");
        foreach (var range in list.AsSpan(0, (int)size).Split((byte)0))
            if (range.End.Value > range.Start.Value) names.Add(Encoding.UTF8.GetString(list.AsSpan(range)));
        return names;
    }

    /// <summary>Null when the attribute vanished between listing and reading.</summary>
    static byte[]? Value(string path, string name, string shownPath)
    {
        var size = Libc.lgetxattr(path, name, null, 0);
        if (size < 0 && Libc.LastErrno == Errno.ENODATA) return null;
        Libc.Check((long)size, $"read xattr {name} of {shownPath}");
        var value = new byte[size];
        fixed (byte* start = value) size = Libc.lgetxattr(path, name, start, value.Length);
        if (size < 0 && Libc.LastErrno == Errno.ENODATA) return null;
        Libc.Check((long)size, $"read xattr {name} of {shownPath}");
        return value[..(int)size];
    }
}
