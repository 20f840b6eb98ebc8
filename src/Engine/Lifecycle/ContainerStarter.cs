using Berth.Engine.Containers;
using Berth.Engine.Monitor;
using Berth.Engine.Specs;
using Berth.Engine.Volumes;
using Berth.Images.Store;
using Berth.Runtime.Spec;
using Berth.Sys.Errors;
using Berth.Sys.Files;

namespace Berth.Engine.Lifecycle;

/// <summary>
/// `start`: writes the container's OCI bundle to the run directory and spawns its monitor, which
/// starts it. Returns once the container runs (or has failed to), with the session still open.
/// </summary>
public sealed class ContainerStarter(BerthPaths paths, ImageStore images)
{
    readonly ContainerStore _store = new(paths);

    /// <param name="monitor">A monitor spawned earlier, so that its start-up overlapped other work; one is spawned if null.</param>
    public MonitorSession Start(ContainerRecord record, (ushort Rows, ushort Columns)? terminal = null, MonitorSession? monitor = null)
    {
        using var starting = _store.LifecycleLock(record.Id);
        // Under the lock, the state may have moved on since the caller read the record (a concurrent start).
        if (MonitorView.TryLoad(paths, record.Id) is null) throw BerthException.NotFound($"No such container: {record.ShortName} (it was removed)");
        if (_store.MonitorAlive(record.Id)) throw BerthException.Conflict($"container {record.ShortName} is already running");
        var bundle = new SpecBuilder(paths, images.Layers, new VolumeStore(paths), new SeccompPrograms(paths)).Build(record);
        Sys.Diagnostics.Timing.Mark("start: spec built");
        bundle = JoinNetworkOf(record, bundle);
        WriteBundle(record.Id, bundle);
        WriteNetworkPlan(record);
        if (record.Berth.StoppedByUser) _store.Update(record.Id, r => r with { Berth = r.Berth with { StoppedByUser = false } });
        var session = monitor ?? MonitorSession.Spawn(paths);
        Sys.Diagnostics.Timing.Mark("start: monitor spawned");
        try
        {
            session.Assign(record.Id, terminal);
            session.AwaitStart();
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The monitor's instructions for the container's network; none (and no stale file) without a bridge network.</summary>
    void WriteNetworkPlan(ContainerRecord record)
    {
        var plan = Networks.NetworkPlanner.Plan(paths, record);
        if (plan is null) File.Delete(Path.Combine(paths.Bundle(record.Id), Networks.NetworkPlan.FileName));
        else plan.Write(paths.Bundle(record.Id));
    }

    /// <summary>--network container:NAME joins the network namespace of that container, which must be running.</summary>
    ContainerBundle JoinNetworkOf(ContainerRecord record, ContainerBundle bundle)
    {
        var mode = record.HostConfig.NetworkMode;
        if (!mode.StartsWith("container:", StringComparison.Ordinal)) return bundle;
        var target = _store.Get(mode["container:".Length..]);
        if (!target.State.Running || target.State.Pid <= 0)
            throw BerthException.Conflict($"cannot join network of a non running container: {target.ShortName}");
        var namespaces = (bundle.Spec.Linux?.Namespaces ?? []).Select(n => n.Type == "network" ? n with { Path = $"/proc/{target.State.Pid}/ns/net" } : n).ToList();
        return bundle with { Spec = bundle.Spec with { Linux = bundle.Spec.Linux! with { Namespaces = namespaces } } };
    }

    void WriteBundle(string id, ContainerBundle bundle)
    {
        var dir = paths.Bundle(id);
        Directory.CreateDirectory(paths.Rootfs(id));
        var spec = bundle.SeccompProgram is null ? bundle.Spec : bundle.Spec with
        {
            Annotations = new Dictionary<string, string>(bundle.Spec.Annotations ?? []) { [Annotations.SeccompProgram] = bundle.SeccompProgram },
        };
        AtomicFile.Write(Path.Combine(dir, "config.json"), RuntimeJson.Serialize(spec));
    }
}
