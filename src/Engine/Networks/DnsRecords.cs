using Berth.Network;
using Berth.Sys.Files;

namespace Berth.Engine.Networks;

/// <summary>
/// The names on a user-defined network, one file per running container in RUNROOT/networks/NETID/:
/// the holder's monitor lock, its address, then its names (name, aliases, short ID). Each file is
/// written atomically by the container's own start, rename and exit, so no update can clobber
/// another's (a single shared file would need a read-modify-write under a lock). The responder skips
/// files whose holder died, so a kill -9 answers no stale name even before the clean-up.
/// </summary>
public static class DnsRecords
{
    public static string Dir(BerthPaths paths, string networkId) => Path.Combine(paths.RunRoot, "networks", networkId);

    public static void Publish(BerthPaths paths, string networkId, string containerId, string ownerLock, uint address, IEnumerable<string> names)
    {
        var dir = Dir(paths, networkId);
        Directory.CreateDirectory(dir);
        AtomicFile.WriteText(Path.Combine(dir, containerId), $"{ownerLock}\n{Ipv4.Format(address)}\n{string.Join(' ', names.Distinct())}\n");
    }

    /// <summary>Removes the container's names from the network; none there (a network without names) is fine.</summary>
    public static void Remove(BerthPaths paths, string networkId, string containerId)
    {
        var dir = Dir(paths, networkId);
        if (Directory.Exists(dir)) File.Delete(Path.Combine(dir, containerId));
    }

    /// <summary>The name directories of the networks that hold this container's names now.</summary>
    public static IEnumerable<string> DirsOf(BerthPaths paths, string containerId)
    {
        var root = Path.Combine(paths.RunRoot, "networks");
        if (!Directory.Exists(root)) yield break;
        foreach (var dir in Directory.EnumerateDirectories(root))
            if (File.Exists(Path.Combine(dir, containerId))) yield return dir;
    }

    /// <summary>Replaces a renamed container's old name in every network it is on.</summary>
    public static void Rename(BerthPaths paths, string containerId, string oldName, string newName)
    {
        var root = Path.Combine(paths.RunRoot, "networks");
        if (!Directory.Exists(root)) return;
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var file = Path.Combine(dir, containerId);
            string[] lines;
            try { lines = File.ReadAllLines(file); }
            catch (IOException) { continue; }
            if (lines.Length < 3) continue;
            var names = lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => n == oldName ? newName : n);
            AtomicFile.WriteText(file, $"{lines[0]}\n{lines[1]}\n{string.Join(' ', names)}\n");
        }
    }

    /// <summary>The address of <paramref name="name"/> (case-insensitive) among the live entries of these networks.</summary>
    public static uint? Lookup(IEnumerable<string> dirs, string name)
    {
        foreach (var dir in dirs)
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                if (Path.GetFileName(file).StartsWith('.')) continue;
                string[] lines;
                try { lines = File.ReadAllLines(file); }
                catch (IOException) { continue; }
                if (lines.Length < 3 || !lines[2].Split(' ').Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))) continue;
                if (!Sys.Files.FileLock.IsHeld(lines[0])) continue;
                if (Ipv4.TryParse(lines[1], out var address)) return address;
            }
        }
        return null;
    }
}
