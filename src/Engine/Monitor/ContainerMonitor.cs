using Berth.Engine.Containers;
using Berth.Engine.Logs;
using Berth.Runtime.Cgroups;
using Berth.Runtime.Launch;
using Berth.Runtime.Spec;
using Berth.Sys.Errors;
using Berth.Sys.Files;
using Berth.Sys.Interop;

namespace Berth.Engine.Monitor;

/// <summary>
/// `berth monitor ID`: the container's parent for its whole life, in place of dockerd and its shim.
/// It starts the container from its bundle, writes the logs, runs health probes, records the exit
/// and applies the restart policy; it holds the monitor lock so that others can tell it is alive.
/// fd 3 is the socket to the CLI that started it.
/// </summary>
public sealed class ContainerMonitor(BerthPaths paths, string id)
{
    public const int AttachFd = 3;
    readonly ContainerStore _store = new(paths);

    public int Run((ushort, ushort)? terminalSize)
    {
        using var alive = FileLock.TryAcquire(paths.MonitorLock(id));
        var record = _store.Get(id);
        var attach = new AttachChannel(AttachFd, record.Config.OpenStdin && record.Config.StdinOnce);
        Libc.SetNonBlocking(AttachFd);
        if (alive is null)
        {
            attach.SendInt(FrameType.StartFailed, 125, $"container {id} is already running");
            return 125;
        }
        var exitCode = RunUntilDone(record, attach, terminalSize);
        record = _store.TryLoad(id) ?? record;
        var trash = record.HostConfig.AutoRemove ? Remover.Detach(_store, record, removeAnonymousVolumes: true) : null;
        Sys.Diagnostics.Timing.Mark("monitor: removed, reporting exit");
        attach.SendInt(FrameType.Exited, exitCode);
        attach.Close();
        if (trash is not null) Images.Snapshots.LayerStore.RemoveTree(trash);
        return 0;
    }

    int RunUntilDone(ContainerRecord record, AttachChannel attach, (ushort, ushort)? terminalSize)
    {
        var spec = RuntimeJson.ReadSpec(Path.Combine(paths.Bundle(id), "config.json"));
        var seccomp = spec.Annotations?.GetValueOrDefault(Annotations.SeccompProgram);
        using var log = new JsonFileLogWriter(record.LogPath, record.HostConfig.LogConfig.Config);
        var backoff = TimeSpan.Zero;
        while (true)
        {
            using var io = ContainerIo.Create(record.Config.Tty, record.Config.OpenStdin, terminalSize);
            LaunchedContainer container;
            try
            {
                Sys.Diagnostics.Timing.Mark("monitor: launching");
                container = ContainerLauncher.Launch(paths.Bundle(id), spec, io.ChildFds, seccomp);
                Sys.Diagnostics.Timing.Mark("monitor: launched");
            }
            catch (BerthException e)
            {
                var code = e is StartFailedException failed ? failed.ExitCode : 125;
                Update(r => r with { State = Exited(r.State, code, e.Message) });
                attach.SendInt(FrameType.StartFailed, code, e.Message);
                return code;
            }
            io.CloseChildEnds();
            var startedAt = DateTime.UtcNow;
            var health = HealthChecker.IsEnabled(record.Config.Healthcheck)
                ? new HealthChecker(record.Config.Healthcheck!, spec.Process!, container.Cgroup, container.Process.Pid, seccomp is null ? null : File.ReadAllBytes(seccomp))
                : null;
            record = Update(r => r with
            {
                State = r.State with
                {
                    Status = "running", Running = true, Paused = false, Restarting = false, OomKilled = false, Dead = false,
                    Pid = container.Process.Pid, ExitCode = 0, Error = "", StartedAt = Clock.Now(),
                    Health = health is null ? null : new HealthState(),
                },
                Berth = r.Berth with { StoppedByUser = false, HasBeenStarted = true },
            });
            attach.SendInt(FrameType.Started, container.Process.Pid);
            // Start-up garbage (specs, records, JSON buffers) is dead now; give its heap back, then the code pages.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            Sys.Diagnostics.WorkingSet.TrimCleanFilePages();
            var status = new EventLoop(io, log, attach, health, h => Update(r => r with { State = r.State with { Health = h } })).Run(container);
            Sys.Diagnostics.Timing.Mark("monitor: container exited");
            var exitCode = Libc.ExitCodeOf(status);
            var oomKilled = Libc.WasSignaled(status, out var signal) && signal == Libc.SIGKILL && container.Cgroup.OomKills() > 0;
            container.Cgroup.KillAll();
            Sys.Diagnostics.Timing.Mark("monitor: killed leftovers");
            container.Cgroup.Destroy();
            Sys.Diagnostics.Timing.Mark("monitor: cgroup destroyed");
            container.Process.Dispose();

            record = _store.TryLoad(id) ?? record;
            if (!RestartDecision.ShouldRestart(record.HostConfig.RestartPolicy, exitCode, record.RestartCount, record.Berth.StoppedByUser))
            {
                Update(r => r with { State = Exited(r.State, exitCode, "") with { OomKilled = oomKilled } });
                return exitCode;
            }
            backoff = RestartDecision.Backoff(backoff, DateTime.UtcNow - startedAt);
            record = Update(r => r with
            {
                RestartCount = r.RestartCount + 1,
                State = Exited(r.State, exitCode, "") with { Status = "restarting", Restarting = true, OomKilled = oomKilled },
            });
            Thread.Sleep(backoff);
            record = _store.TryLoad(id) ?? record;
            if (record.Berth.StoppedByUser)
            {
                Update(r => r with { State = r.State with { Status = "exited", Restarting = false } });
                return exitCode;
            }
        }
    }

    static ContainerState Exited(ContainerState state, int exitCode, string error) => state with
    {
        Status = "exited", Running = false, Paused = false, Restarting = false, Pid = 0, ExitCode = exitCode,
        Error = error, FinishedAt = Clock.Now(),
    };

    ContainerRecord Update(Func<ContainerRecord, ContainerRecord> change)
    {
        try
        {
            return _store.Update(id, change);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            return new ContainerRecord { Id = id };
        }
    }
}
