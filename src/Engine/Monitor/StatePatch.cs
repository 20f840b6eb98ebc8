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
        AtomicFile.WriteJson(paths.ContainerRecord(id), json => record.WriteTo(json));
        return true;
    }

    /// <summary>This run's start is recorded in the volatile run state only: no container.json rewrite on the start path.</summary>
    public static void Running(BerthPaths paths, string id, int pid, string startedAt, bool withHealth) =>
        new RunState(pid, startedAt, withHealth ? new HealthState() : null).Begin(paths, id);

    public static void SetHealth(BerthPaths paths, string id, int pid, string startedAt, HealthState health) =>
        new RunState(pid, startedAt, health).Write(paths, id);

    /// <summary>The run's end, persisted; the caller then deletes the run state.</summary>
    public static void Exited(JsonObject record, int exitCode, string error, bool oomKilled = false, bool restarting = false, string? startedAt = null)
    {
        var state = record["State"]!.AsObject();
        if (startedAt is not null) state["StartedAt"] = startedAt;
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
}
