namespace Berth.Engine.Inspection;

/// <summary>Bytes through a container's network interfaces, loopback excluded, as docker's NET I/O.</summary>
public sealed record NetworkCounters(long Received, long Transmitted)
{
    public static readonly NetworkCounters Zero = new(0, 0);

    /// <summary>/proc/PID/net/dev shows the interfaces of PID's network namespace: the container's.</summary>
    public static NetworkCounters Read(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/net/dev");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Zero; // the container stopped while we read it
        }
        long received = 0, transmitted = 0;
        foreach (var line in lines.Skip(2))
        {
            var colon = line.IndexOf(':');
            if (colon < 0 || line[..colon].Trim() == "lo") continue;
            var fields = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Eight receive counters, then eight transmit ones; bytes come first in each group.
            if (fields.Length < 9) continue;
            received += long.TryParse(fields[0], out var rx) ? rx : 0;
            transmitted += long.TryParse(fields[8], out var tx) ? tx : 0;
        }
        return new NetworkCounters(received, transmitted);
    }
}
