using System.Text.Json;
using Berth.Sys.Files;

namespace Berth.Engine.Containers;

/// <summary>
/// What is true only while the container's monitor lives: the init's pid, when this run started, and
/// its health. It lives in the run directory (volatile, like the processes it describes), so a start
/// costs no rewrite of container.json; readers merge it into the record. Hand-written JSON: the
/// monitor writes it, and should not pay for System.Text.Json's typed metadata.
/// </summary>
public sealed record RunState(int Pid, string StartedAt, HealthState? Health)
{
    public static string PathFor(BerthPaths paths, string id) => Path.Combine(paths.RunDir(id), "state.json");

    /// <summary>Records that a run began: the durable marker first, then the live state.</summary>
    public void Begin(BerthPaths paths, string id)
    {
        File.WriteAllBytes(paths.RunningMarker(id), []);
        Write(paths, id);
    }

    /// <summary>Records that the run ended; the caller has persisted its exit first.</summary>
    public static void End(BerthPaths paths, string id)
    {
        File.Delete(PathFor(paths, id));
        File.Delete(paths.RunningMarker(id));
    }

    public void Write(BerthPaths paths, string id)
    {
        AtomicFile.WriteJson(PathFor(paths, id), json =>
        {
            json.WriteStartObject();
            json.WriteNumber("Pid", Pid);
            json.WriteString("StartedAt", StartedAt);
            if (Health is { } health)
            {
                json.WriteStartObject("Health");
                json.WriteString("Status", health.Status);
                json.WriteNumber("FailingStreak", health.FailingStreak);
                json.WriteStartArray("Log");
                foreach (var entry in health.Log)
                {
                    json.WriteStartObject();
                    json.WriteString("Start", entry.Start);
                    json.WriteString("End", entry.End);
                    json.WriteNumber("ExitCode", entry.ExitCode);
                    json.WriteString("Output", entry.Output);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        });
    }

    public static RunState? TryRead(BerthPaths paths, string id)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(PathFor(paths, id)); }
        catch (IOException) { return null; }
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            HealthState? health = null;
            if (root.TryGetProperty("Health", out var h))
                health = new HealthState
                {
                    Status = h.GetProperty("Status").GetString() ?? "starting",
                    FailingStreak = h.GetProperty("FailingStreak").GetInt32(),
                    Log = h.GetProperty("Log").EnumerateArray().Select(e => new HealthLogEntry(
                        e.GetProperty("Start").GetString() ?? "", e.GetProperty("End").GetString() ?? "",
                        e.GetProperty("ExitCode").GetInt32(), e.GetProperty("Output").GetString() ?? "")).ToList(),
                };
            return new RunState(root.GetProperty("Pid").GetInt32(), root.GetProperty("StartedAt").GetString() ?? "", health);
        }
        catch (JsonException)
        {
            return null;
        }
    }


    /// <summary>The record as readers should see it while this run lasts.</summary>
    public ContainerRecord MergeInto(ContainerRecord record) => record with
    {
        State = record.State with
        {
            Status = record.State.Paused ? "paused" : "running",
            Running = true,
            Restarting = false,
            Dead = false,
            OomKilled = false,
            Pid = Pid,
            ExitCode = 0,
            Error = "",
            StartedAt = StartedAt,
            Health = Health,
        },
    };
}
