using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Containers;
using Berth.Engine.Inspection;

namespace Berth.Cli.Commands;

/// <summary>One line of `stats`, with the field names docker's --format templates use.</summary>
static class StatsRow
{
    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["BlockIO"] = "BLOCK I/O",
        ["CPUPerc"] = "CPU %",
        ["Container"] = "CONTAINER",
        ["ID"] = "CONTAINER ID",
        ["MemPerc"] = "MEM %",
        ["MemUsage"] = "MEM USAGE / LIMIT",
        ["Name"] = "NAME",
        ["NetIO"] = "NET I/O",
        ["PIDs"] = "PIDS",
    };

    /// <param name="shownAs">The container as the user named it, or its full ID when listing all (docker's .Container).</param>
    /// <remarks>Keys in Go's sorted order, so that {{json .}} prints what docker prints.</remarks>
    public static JsonObject Build(ContainerRecord record, string shownAs, ContainerUsage usage, bool truncate) => new()
    {
        ["BlockIO"] = $"{Units.HumanSize(usage.BlockRead)} / {Units.HumanSize(usage.BlockWritten)}",
        ["CPUPerc"] = Percent(usage.CpuPercent),
        ["Container"] = shownAs,
        ["ID"] = truncate ? record.Id[..12] : record.Id,
        ["MemPerc"] = Percent(usage.MemoryPercent),
        ["MemUsage"] = $"{Units.BytesSize(usage.MemoryUsage)} / {Units.BytesSize(usage.MemoryLimit)}",
        ["Name"] = record.ShortName.Length > 0 ? record.ShortName : "--",
        ["NetIO"] = $"{Units.HumanSize(usage.NetReceived)} / {Units.HumanSize(usage.NetTransmitted)}",
        ["PIDs"] = usage.Pids.ToString(CultureInfo.InvariantCulture),
    };

    static string Percent(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "%";
}
