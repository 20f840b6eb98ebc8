using System.Text.Json.Nodes;
using Berth.Engine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>One `ps` row as docker's formatter exposes it to templates: .ID, .Image, .Command, .Status…</summary>
static class ContainerRow
{
    public static readonly Dictionary<string, string> Headers = new()
    {
        ["ID"] = "CONTAINER ID", ["Image"] = "IMAGE", ["Command"] = "COMMAND", ["CreatedAt"] = "CREATED AT",
        ["RunningFor"] = "CREATED", ["Ports"] = "PORTS", ["State"] = "STATE", ["Status"] = "STATUS", ["Size"] = "SIZE",
        ["Names"] = "NAMES", ["Labels"] = "LABELS", ["Label"] = "LABEL", ["Mounts"] = "MOUNTS", ["Networks"] = "NETWORKS", ["LocalVolumes"] = "LOCAL VOLUMES",
        ["Platform"] = "PLATFORM",
    };

    /// <param name="labelMethod">Add "Label", the table behind {{.Label "key"}}; left out otherwise, so {{json .}} stays docker's.</param>
    public static JsonObject Build(ContainerRecord record, bool truncate, string? size, bool labelMethod = false)
    {
        var command = string.Join(' ', new[] { record.Path }.Concat(record.Args));
        if (truncate && command.Length > 20) command = command[..19] + "…";
        var row = new JsonObject
        {
            ["Command"] = GoQuote(command),
            ["CreatedAt"] = record.Created.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss") + " +0000 UTC",
            ["ID"] = truncate ? record.Id[..12] : record.Id,
            ["Image"] = record.Config.Image,
            ["Labels"] = string.Join(',', record.Config.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")),
            ["LocalVolumes"] = record.Mounts.Count(m => m.Type == "volume").ToString(),
            ["Mounts"] = string.Join(',', record.Mounts.Select(m => m.Name is { } n ? (truncate && n.Length > 15 ? n[..15] + "…" : n) : m.Source)),
            ["Names"] = record.ShortName,
            ["Networks"] = string.Join(',', record.NetworkSettings.Networks.Keys),
            ["Platform"] = null,
            ["Ports"] = PortsColumn.Format(record.NetworkSettings),
            ["RunningFor"] = Units.Ago(record.Created),
            ["Size"] = size ?? "0B",
            ["State"] = record.State.Status,
            ["Status"] = Status(record),
        };
        if (labelMethod) row["Label"] = new JsonObject(record.Config.Labels.Select(l => new KeyValuePair<string, JsonNode?>(l.Key, l.Value)));
        return row;
    }

    public static string Status(ContainerRecord record)
    {
        var state = record.State;
        var started = Clock.Parse(state.StartedAt);
        var finished = Clock.Parse(state.FinishedAt);
        if (state.Status == "removing") return "Removal In Progress";
        if (state.Restarting) return $"Restarting ({state.ExitCode}) {Units.Ago(finished ?? DateTimeOffset.UtcNow)}";
        if (state.Running)
        {
            var up = "Up " + Units.HumanDuration(DateTimeOffset.UtcNow - (started ?? DateTimeOffset.UtcNow));
            if (state.Paused) return up + " (Paused)";
            if (state.Health is { } health) up += health.Status == "starting" ? " (health: starting)" : $" ({health.Status})";
            return up;
        }
        if (state.Dead) return "Dead";
        if (finished is null) return "Created";
        return $"Exited ({state.ExitCode}) {Units.Ago(finished.Value)}";
    }

    /// <summary>Go's strconv.Quote: double quotes, with escapes for quotes, backslashes and control characters.</summary>
    public static string GoQuote(string text)
    {
        var builder = new System.Text.StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\t' => "\\t", '\r' => "\\r",
                _ when c < 0x20 => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }
}
