namespace Berth.Cli;

/// <summary>Disk usage of a directory tree (apparent size), for SIZE columns and prune totals.</summary>
public static class Sizing
{
    public static long DirectorySize(string path)
    {
        if (!Directory.Exists(path)) return 0;
        long total = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", options))
            if (file.LinkTarget is null) total += file.Length;
        return total;
    }
}
