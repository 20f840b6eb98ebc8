using System.Text.Json;
using Berth.Runtime.Cgroups;
using Berth.Sys.Errors;
using Berth.Sys.Files;

namespace Berth.Engine.Containers;

/// <summary>
/// Container records, one directory each. Records are replaced by rename, so readers need no lock;
/// every change is a read-modify-write under the container's lock file. Reading a record whose
/// monitor is dead (killed, or gone with a reboot that wiped /run) reconciles it to "exited" first,
/// so no command ever shows a container running that isn't.
/// </summary>
public sealed class ContainerStore(BerthPaths paths)
{
    public BerthPaths Paths => paths;
    public NameRegistry Names { get; } = new(paths.Names, owner => Directory.Exists(paths.ContainerDir(owner)));

    public static string NewId() => Sys.Interop.SecureRandom.Hex64();

    public void Write(ContainerRecord record) =>
        AtomicFile.Write(paths.ContainerRecord(record.Id), JsonSerializer.SerializeToUtf8Bytes(record, EngineJsonWriter.Default.ContainerRecord));

    public ContainerRecord? TryLoad(string id)
    {
        var path = paths.ContainerRecord(id);
        if (!File.Exists(path)) return null;
        try
        {
            return Reconcile(EngineJson.Read(path, EngineJson.Default.ContainerRecord));
        }
        catch (FileNotFoundException)
        {
            return null; // removed while we read it
        }
    }

    /// <summary>Finds a container by full ID, name, or unique ID prefix, as docker does.</summary>
    public ContainerRecord Get(string idOrName) =>
        TryGet(idOrName) ?? throw BerthException.NotFound($"No such container: {idOrName}");

    public ContainerRecord? TryGet(string idOrName)
    {
        if (string.IsNullOrEmpty(idOrName)) return null;
        var name = idOrName.TrimStart('/');
        if (name.Length == 64 && TryLoad(name) is { } byId) return byId;
        if (NameRegistry.IsValid(name) && Names.Owner(name) is { } owner && TryLoad(owner) is { } byName) return byName;
        if (!name.All(char.IsAsciiHexDigitLower)) return null;
        var matches = Ids().Where(id => id.StartsWith(name, StringComparison.Ordinal)).Take(2).ToList();
        if (matches.Count > 1) throw BerthException.Invalid($"multiple IDs found with provided prefix: {name}");
        return matches.Count == 1 ? TryLoad(matches[0]) : null;
    }

    public IEnumerable<string> Ids() =>
        Directory.Exists(paths.Containers)
            ? Directory.EnumerateDirectories(paths.Containers).Select(d => System.IO.Path.GetFileName(d)).Where(n => n.Length == 64)
            : [];

    public List<ContainerRecord> List()
    {
        var records = new List<ContainerRecord>();
        foreach (var id in Ids())
            if (TryLoad(id) is { } record) records.Add(record);
        return records;
    }

    /// <summary>Applies a change under the container's lock and returns the stored result.</summary>
    public ContainerRecord Update(string id, Func<ContainerRecord, ContainerRecord> change)
    {
        using var _ = Lock(id);
        var current = EngineJson.Read(paths.ContainerRecord(id), EngineJson.Default.ContainerRecord);
        var next = change(current);
        if (!ReferenceEquals(next, current)) Write(next);
        return next;
    }

    public FileLock Lock(string id)
    {
        if (!Directory.Exists(paths.ContainerDir(id))) throw BerthException.NotFound($"No such container: {id}");
        return FileLock.Acquire(paths.ContainerLock(id));
    }

    /// <summary>
    /// Serializes start against remove: a start holds it until the container runs, so a concurrent
    /// `rm -f` waits and then kills a running container instead of racing its launch.
    /// </summary>
    public FileLock LifecycleLock(string id)
    {
        if (!Directory.Exists(paths.ContainerDir(id))) throw BerthException.NotFound($"No such container: {id}");
        var held = FileLock.Acquire(paths.LifecycleLock(id));
        if (Directory.Exists(paths.ContainerDir(id))) return held;
        held.Dispose();
        throw BerthException.NotFound($"No such container: {id} (it was removed)");
    }

    public bool MonitorAlive(string id) => FileLock.IsHeld(paths.MonitorLock(id));

    /// <summary>
    /// The record as it is now: merged with the run's live state while the monitor lives, or, if the
    /// monitor died without recording the exit, reconciled to exited (and its leftovers killed).
    /// </summary>
    ContainerRecord Reconcile(ContainerRecord record)
    {
        var run = RunState.TryRead(paths, record.Id);
        var claimsLife = run is not null || File.Exists(paths.RunningMarker(record.Id)) || record.State.Running || record.State.Restarting || record.State.Paused;
        if (!claimsLife) return record;
        if (MonitorAlive(record.Id)) return Networks.NetworkState.MergeInto(paths, run is null ? record : run.MergeInto(record));
        var reconciled = Update(record.Id, current =>
        {
            if (MonitorAlive(current.Id)) return current;
            var wasAlive = RunState.TryRead(paths, current.Id) is not null || File.Exists(paths.RunningMarker(current.Id))
                           || current.State.Running || current.State.Restarting || current.State.Paused;
            if (!wasAlive) return current;
            StopLeftovers(current.Id);
            Networks.NetworkJanitor.ReleaseContainer(paths, current.Id);
            File.Delete(paths.RunningMarker(current.Id));
            return current with
            {
                State = current.State with
                {
                    Status = "exited", Running = false, Paused = false, Restarting = false, Pid = 0, ExitCode = 137,
                    Error = "the container's monitor died (killed, or the host rebooted); the container was stopped",
                    FinishedAt = Clock.Now(),
                },
            };
        });
        if (reconciled.HostConfig.AutoRemove && !reconciled.State.Running)
        {
            Remover.RemoveFiles(this, reconciled);
            return reconciled with { State = reconciled.State with { Status = "removing" } };
        }
        return reconciled;
    }

    /// <summary>Kills whatever still runs in the container's cgroup and removes it and the run directory.</summary>
    public void StopLeftovers(string id)
    {
        if (DetachRunDirectory(id) is { } trash) Directory.Delete(trash, recursive: true);
    }

    /// <summary>
    /// Like <see cref="StopLeftovers"/>, but only renames the run directory away (so a concurrent start
    /// never finds half a bundle) and returns it, for deletion when nobody is waiting.
    /// </summary>
    public string? DetachRunDirectory(string id)
    {
        var cgroup = CgroupHierarchy.Detect().Open(paths.CgroupPath(id));
        if (cgroup.Exists)
        {
            cgroup.KillAll();
            cgroup.Destroy();
        }
        var doomed = $"{paths.RunDir(id)}.del-{Guid.NewGuid():N}";
        try
        {
            Directory.Move(paths.RunDir(id), doomed);
            return doomed;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}
