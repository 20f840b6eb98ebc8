using System.Text.Json;
using Berth.Engine.Containers;
using Berth.Images.Oci;

namespace Berth.Engine.Monitor;

/// <summary>
/// The few fields of container.json the monitor needs, read through JsonDocument: the typed
/// deserializer would cost the monitor ~4 ms of metadata set-up on every start (and its memory).
/// </summary>
public sealed record MonitorView
{
    public string Name { get; init; } = "";
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }
    public string LogPath { get; init; } = "";
    public Dictionary<string, string> LogOptions { get; init; } = [];
    public HealthConfig? Healthcheck { get; init; }
    public RestartPolicy RestartPolicy { get; init; } = new();
    public bool AutoRemove { get; init; }
    public int RestartCount { get; init; }
    public bool StoppedByUser { get; init; }
    public List<string> VolumeNames { get; init; } = [];

    public static MonitorView? TryLoad(BerthPaths paths, string id)
    {
        byte[] json;
        try { json = File.ReadAllBytes(paths.ContainerRecord(id)); }
        catch (IOException) { return null; }
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var config = root.GetProperty("Config");
        var host = root.GetProperty("HostConfig");
        var restart = host.GetProperty("RestartPolicy");
        return new MonitorView
        {
            Name = root.GetProperty("Name").GetString()?.TrimStart('/') ?? "",
            Tty = config.GetProperty("Tty").GetBoolean(),
            OpenStdin = config.GetProperty("OpenStdin").GetBoolean(),
            StdinOnce = config.GetProperty("StdinOnce").GetBoolean(),
            LogPath = root.GetProperty("LogPath").GetString() ?? paths.LogPath(id),
            LogOptions = host.GetProperty("LogConfig").GetProperty("Config").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
            Healthcheck = Health(config.GetProperty("Healthcheck")),
            RestartPolicy = new RestartPolicy { Name = restart.GetProperty("Name").GetString() ?? "no", MaximumRetryCount = restart.GetProperty("MaximumRetryCount").GetInt32() },
            AutoRemove = host.GetProperty("AutoRemove").GetBoolean(),
            RestartCount = root.GetProperty("RestartCount").GetInt32(),
            StoppedByUser = root.GetProperty("Berth").GetProperty("StoppedByUser").GetBoolean(),
            VolumeNames = root.GetProperty("Mounts").EnumerateArray()
                .Where(m => m.GetProperty("Type").GetString() == "volume" && m.GetProperty("Name").ValueKind == JsonValueKind.String)
                .Select(m => m.GetProperty("Name").GetString()!).ToList(),
        };
    }

    static HealthConfig? Health(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        static long? Long(JsonElement o, string n) => o.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
        return new HealthConfig
        {
            Test = e.TryGetProperty("Test", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : null,
            Interval = Long(e, "Interval"),
            Timeout = Long(e, "Timeout"),
            StartPeriod = Long(e, "StartPeriod"),
            StartInterval = Long(e, "StartInterval"),
            Retries = Long(e, "Retries") is { } r ? (int)r : null,
        };
    }
}
