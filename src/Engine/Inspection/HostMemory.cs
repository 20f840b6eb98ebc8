namespace Berth.Engine.Inspection;

/// <summary>The host's RAM: the limit docker shows for a container without one.</summary>
public static class HostMemory
{
    public static long Total()
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
            var kib = line["MemTotal:".Length..].Trim().Split(' ')[0];
            return long.TryParse(kib, out var n) ? n * 1024 : 0;
        }
        return 0;
    }
}
