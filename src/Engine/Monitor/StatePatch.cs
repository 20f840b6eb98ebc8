using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Containers;
using Berth.Sys.Files;

namespace Berth.Engine.Monitor;

/// <summary>
/// The monitor's writes to container.json: a JsonNode read-modify-write of the State fields under the
/// container's lock, leaving everything else as the CLI wrote it. Cheap on first use, unlike the typed
/// serializer, and it keeps the monitor's code and memory small.
/// </summary>
static class StatePatch
{
    public static bool Apply(BerthPaths paths, string id, Action<JsonObject> patch)
    {
        if (!Directory.Exists(paths.ContainerDir(id))) return false;
        using var _ = FileLock.Acquire(paths.ContainerLock(id));
        JsonObject record;
        try { record = JsonNode.Parse(File.ReadAllBytes(paths.ContainerRecord(id)))!.AsObject(); }
        catch (IOException) { return false; }
        patch(record);
        var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output)) record.WriteTo(writer);
        AtomicFile.Write(paths.ContainerRecord(id), output.GetBuffer().AsSpan(0, (int)output.Length));
        return true;
    }

    public static void Running(JsonObject record, int pid, bool withHealth)
    {
        var state = record["State"]!.AsObject();
        state["Status"] = "running";
        state["Running"] = true;
        state["Paused"] = false;
        state["Restarting"] = false;
        state["OOMKilled"] = false;
        state["Dead"] = false;
        state["Pid"] = pid;
        state["ExitCode"] = 0;
        state["Error"] = "";
        state["StartedAt"] = Clock.Now();
        state["Health"] = withHealth ? Health(new HealthState()) : null;
        var berth = record["Berth"]!.AsObject();
        berth["StoppedByUser"] = false;
        berth["HasBeenStarted"] = true;
    }

    public static void Exited(JsonObject record, int exitCode, string error, bool oomKilled = false, bool restarting = false)
    {
        var state = record["State"]!.AsObject();
        state["Status"] = restarting ? "restarting" : "exited";
        state["Running"] = false;
        state["Paused"] = false;
        state["Restarting"] = restarting;
        state["OOMKilled"] = oomKilled;
        state["Pid"] = 0;
        state["ExitCode"] = exitCode;
        state["Error"] = error;
        state["FinishedAt"] = Clock.Now();
        if (restarting) record["RestartCount"] = record["RestartCount"]!.GetValue<int>() + 1;
    }

    public static void StopRestarting(JsonObject record)
    {
        var state = record["State"]!.AsObject();
        state["Status"] = "exited";
        state["Restarting"] = false;
    }

    public static void SetHealth(JsonObject record, HealthState health) => record["State"]!["Health"] = Health(health);

    static JsonObject Health(HealthState health) => new()
    {
        ["Status"] = health.Status,
        ["FailingStreak"] = health.FailingStreak,
        ["Log"] = new JsonArray(health.Log.Select(entry => (JsonNode?)new JsonObject
        {
            ["Start"] = entry.Start, ["End"] = entry.End, ["ExitCode"] = entry.ExitCode, ["Output"] = entry.Output,
        }).ToArray()),
    };
}
