using System.IO.Enumeration;

namespace Berth.Engine.Files;

/// <summary>
/// The names in a directory given by descriptor, sorted. Listing through /proc/self/fd/N reads the
/// directory the descriptor holds, so no path is resolved again and a swapped symlink changes nothing.
/// </summary>
public static class DirectoryListing
{
    static readonly EnumerationOptions Options = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    public static List<string> Names(int directoryFd)
    {
        var names = new FileSystemEnumerable<string>($"/proc/self/fd/{directoryFd}", (ref FileSystemEntry entry) => entry.FileName.ToString(), Options).ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
