using System.Globalization;
using Berth.Network;

namespace Berth.Engine.Networks;

/// <summary>The host's IPv4 routes, from /proc/net/route (main table): what a new subnet must not shadow.</summary>
public static class HostRoutes
{
    public static List<(Subnet Route, string Device)> List()
    {
        var routes = new List<(Subnet, string)>();
        string[] lines;
        try { lines = File.ReadAllLines("/proc/net/route"); }
        catch (IOException) { return routes; }
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length < 8) continue;
            // Little-endian hex of the network-order address.
            var destination = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(uint.Parse(fields[1], NumberStyles.HexNumber));
            var mask = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(uint.Parse(fields[7], NumberStyles.HexNumber));
            routes.Add((new Subnet(destination & mask, System.Numerics.BitOperations.PopCount(mask)), fields[0]));
        }
        return routes;
    }
}
