using Berth.Engine.Containers;
using Berth.Engine.Logs;
using Berth.Engine.Networks;
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
    readonly List<string> _vethsToDelete = [];

    /// <param name="prespawn">stdio and an init started before the container was known, for its first run.</param>
    public int Run((ushort, ushort)? terminalSize, MonitorPrespawn? prespawn = null)
    {
        using var _ = prespawn;
        using var alive = FileLock.TryAcquire(paths.MonitorLock(id));
        if (alive is not null) Libc.WriteAll(alive.Fd, System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
        var view = MonitorView.TryLoad(paths, id) ?? throw BerthException.NotFound($"No such container: {id}");
        var attach = new AttachChannel(AttachFd, view.OpenStdin && view.StdinOnce);
        Libc.SetNonBlocking(AttachFd);
        if (alive is null)
        {
            attach.SendInt(FrameType.StartFailed, 125, $"container {id} is already running");
            return 125;
        }
        var exitCode = RunUntilDone(view, attach, terminalSize, prespawn);
        view = MonitorView.TryLoad(paths, id) ?? view;
        var trash = view.AutoRemove ? Remover.Detach(new Containers.ContainerStore(paths), id, view.Name, view.VolumeNames) : [];
        Sys.Diagnostics.Timing.Mark("monitor: removed, reporting exit");
        attach.SendInt(FrameType.Exited, exitCode);
        attach.Close();
        NetworkAttachment.DeleteLinks(_vethsToDelete);
        Remover.DeleteTrash(trash);
        return 0;
    }

    int RunUntilDone(MonitorView view, AttachChannel attach, (ushort, ushort)? terminalSize, MonitorPrespawn? prespawn)
    {
        var spec = OciSpecReader.Read(Path.Combine(paths.Bundle(id), "config.json"));
        var seccomp = spec.Annotations?.GetValueOrDefault(Annotations.SeccompProgram);
        using var log = new JsonFileLogWriter(view.LogPath, view.LogOptions);
        var backoff = TimeSpan.Zero;
        while (true)
        {
            var head = prespawn?.Take(view.Tty, view.OpenStdin);
            prespawn?.Dispose();
            prespawn = null;
            using var io = head?.Io ?? ContainerIo.Create(view.Tty, view.OpenStdin, terminalSize);
            var prespawned = head?.Init;
            LaunchedContainer container;
            NetworkAttachment? network = null;
            try
            {
                Sys.Diagnostics.Timing.Mark("monitor: launching");
                if (NetworkPlan.TryRead(paths.Bundle(id)) is { } plan)
                {
                    network = NetworkAttachment.Prepare(paths, id, plan);
                    Sys.Diagnostics.Timing.Mark("monitor: network prepared");
                }
                container = ContainerLauncher.Launch(paths.Bundle(id), spec, io.ChildFds, seccomp, network is null ? null : network.Attach, prespawned);
                network?.Publish();
                if (network is not null) Sys.Diagnostics.Timing.Mark("monitor: network published");
                Sys.Diagnostics.Timing.Mark("monitor: launched");
            }
            catch (Exception e) when (e is BerthException or IOException)
            {
                prespawned?.Dispose();
                network?.Release();
                var code = e is StartFailedException failed ? failed.ExitCode : 125;
                StatePatch.Apply(paths, id, r => StatePatch.Exited(r, code, e.Message));
                attach.SendInt(FrameType.StartFailed, code, e.Message);
                return code;
            }
            io.CloseChildEnds();
            var startedAt = DateTime.UtcNow;
            var health = HealthChecker.IsEnabled(view.Healthcheck)
                ? new HealthChecker(view.Healthcheck!, spec.Process!, container.Cgroup, container.Process.Pid, seccomp is null ? null : File.ReadAllBytes(seccomp))
                : null;
            var pid = container.Process.Pid;
            var started = Clock.Now();
            StatePatch.Running(paths, id, pid, started, health is not null);
            attach.SendInt(FrameType.Started, pid);
            var status = new EventLoop(io, log, attach, health, h => StatePatch.SetHealth(paths, id, pid, started, h), network?.Dns).Run(container);
            Sys.Diagnostics.Timing.Mark("monitor: container exited");
            // The veths go after the exit is reported: their deletion waits out RCU grace periods, and
            // they are dead weight already (their namespace is empty and going).
            if (network is not null) _vethsToDelete.AddRange(network.Release(keepLinks: true));
            var exitCode = Libc.ExitCodeOf(status);
            var oomKilled = Libc.WasSignaled(status, out var signal) && signal == Libc.SIGKILL && container.Cgroup.OomKills() > 0;
            container.Cgroup.KillAll();
            container.Cgroup.Destroy();
            container.Process.Dispose();

            view = MonitorView.TryLoad(paths, id) ?? view;
            if (!RestartDecision.ShouldRestart(view.RestartPolicy, exitCode, view.RestartCount, view.StoppedByUser))
            {
                // With --rm the record is removed next, its run directory with it: rewriting or deleting
                // files first would only cost disk writes (and, on ext4 with `discard`, a synchronous discard each).
                if (!view.AutoRemove)
                {
                    StatePatch.Apply(paths, id, r => StatePatch.Exited(r, exitCode, "", oomKilled, startedAt: started));
                    RunState.End(paths, id);
                }
                return exitCode;
            }
            backoff = RestartDecision.Backoff(backoff, DateTime.UtcNow - startedAt);
            StatePatch.Apply(paths, id, r => StatePatch.Exited(r, exitCode, "", oomKilled, restarting: true, startedAt: started));
            RunState.End(paths, id);
            view = WaitOutBackoff(backoff) ?? view;
            if (view.StoppedByUser)
            {
                StatePatch.Apply(paths, id, StatePatch.StopRestarting);
                return exitCode;
            }
        }
    }

    /// <summary>Sleeps out the restart backoff (up to a minute), but wakes within 50 ms for a `stop`.</summary>
    MonitorView? WaitOutBackoff(TimeSpan backoff)
    {
        var deadline = DateTime.UtcNow + backoff;
        while (true)
        {
            var view = MonitorView.TryLoad(paths, id);
            if (view is null || view.StoppedByUser || DateTime.UtcNow >= deadline) return view;
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(50, (deadline - DateTime.UtcNow).TotalMilliseconds + 1)));
        }
    }
}
