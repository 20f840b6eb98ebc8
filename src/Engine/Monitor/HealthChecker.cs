using System.Text;
using Berth.Engine.Containers;
using Berth.Images.Oci;
using Berth.Runtime.Cgroups;
using Berth.Runtime.Launch;
using Berth.Runtime.Spawn;
using Berth.Runtime.Spec;
using Berth.Sys.Interop;

namespace Berth.Engine.Monitor;

/// <summary>
/// Runs a container's HEALTHCHECK inside it, on docker's schedule: the first probe one interval
/// after start, failures during the start period not counted, "unhealthy" after Retries failures.
/// </summary>
sealed class HealthChecker(HealthConfig config, OciProcess containerProcess, ICgroup cgroup, int containerPid, byte[]? seccomp)
{
    const int MaxOutput = 4096;
    static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    readonly DateTime _started = DateTime.UtcNow;
    readonly StringBuilder _output = new();
    DateTime _nextDue = DateTime.UtcNow + Interval(config.StartInterval ?? config.Interval);
    ChildProcess? _probe;
    int _outputFd = -1;
    DateTime _probeStart;
    HealthState _state = new() { Status = "starting" };

    public static bool IsEnabled(HealthConfig? config) =>
        config?.Test is { Count: > 0 } test && test[0] != "NONE";

    static TimeSpan Interval(long? nanoseconds) => nanoseconds is > 0 ? TimeSpan.FromTicks(nanoseconds.Value / 100) : DefaultInterval;
    TimeSpan Timeout => Interval(config.Timeout);
    int Retries => config.Retries is > 0 ? config.Retries.Value : 3;
    bool InStartPeriod => DateTime.UtcNow - _started < TimeSpan.FromTicks((config.StartPeriod ?? 0) / 100);

    public int ProbePidfd => _probe?.Pidfd ?? -1;
    public int OutputFd => _outputFd;

    public int MillisecondsUntilDue()
    {
        var due = _probe is null ? _nextDue : _probeStart + Timeout;
        return (int)Math.Clamp((due - DateTime.UtcNow).TotalMilliseconds + 1, 0, int.MaxValue);
    }

    /// <summary>Starts a probe when one is due, or kills one that ran past its timeout.</summary>
    public HealthState? Tick()
    {
        var now = DateTime.UtcNow;
        if (_probe is not null)
        {
            if (now - _probeStart < Timeout) return null;
            _probe.Kill(Libc.SIGKILL);
            _probe.Wait();
            return Finish(-1, $"Health check exceeded timeout ({Timeout.TotalSeconds}s)");
        }
        if (now < _nextDue) return null;
        if (cgroup.IsFrozen())
        {
            _nextDue = now + Interval(config.Interval);
            return null;
        }
        StartProbe();
        return null;
    }

    void StartProbe()
    {
        var test = config.Test!;
        List<string> args = test[0] == "CMD-SHELL" ? ["/bin/sh", "-c", string.Join(' ', test.Skip(1))] : test.Skip(test[0] == "CMD" ? 1 : 0).ToList();
        var (read, write) = Libc.Pipe();
        var devNull = Libc.open("/dev/null", Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        _probeStart = DateTime.UtcNow;
        _output.Clear();
        try
        {
            _probe = ExecLauncher.Launch(containerPid, containerProcess with { Args = args, Terminal = false },
                new StdioFds(devNull, write, write), cgroup, seccomp);
            _outputFd = read;
            Libc.SetNonBlocking(read);
        }
        catch (Exception e)
        {
            Libc.close(read);
            _probe = null;
            _output.Append(e.Message);
        }
        finally
        {
            Libc.close(write);
            Libc.close(devNull);
        }
    }

    /// <summary>Reads probe output; returns the new state when the probe has finished.</summary>
    public HealthState? OnProbeEvent()
    {
        DrainOutput();
        if (_probe?.TryReap() is not { } status) return null;
        DrainOutput();
        return Finish(Libc.ExitCodeOf(status), _output.ToString());
    }

    void DrainOutput()
    {
        if (_outputFd < 0) return;
        Span<byte> buffer = stackalloc byte[4096];
        int n;
        while ((n = Libc.ReadSome(_outputFd, buffer)) > 0)
            if (_output.Length < MaxOutput) _output.Append(Encoding.UTF8.GetString(buffer[..Math.Min(n, MaxOutput - _output.Length)]));
    }

    HealthState Finish(int exitCode, string output)
    {
        var entry = new HealthLogEntry(Clock.Format(_probeStart), Clock.Now(), exitCode, output);
        _probe?.Dispose();
        _probe = null;
        if (_outputFd >= 0) Libc.close(_outputFd);
        _outputFd = -1;
        _nextDue = DateTime.UtcNow + Interval(InStartPeriod ? config.StartInterval ?? config.Interval : config.Interval);
        var log = _state.Log.TakeLast(4).Append(entry).ToList();
        if (exitCode == 0) _state = new HealthState { Status = "healthy", FailingStreak = 0, Log = log };
        else if (InStartPeriod && _state.Status == "starting") _state = _state with { Log = log };
        else
        {
            var streak = _state.FailingStreak + 1;
            _state = new HealthState { Status = streak >= Retries ? "unhealthy" : _state.Status, FailingStreak = streak, Log = log };
        }
        return _state;
    }

    public void Stop()
    {
        _probe?.Kill(Libc.SIGKILL);
        _probe?.Wait();
        _probe?.Dispose();
        if (_outputFd >= 0) Libc.close(_outputFd);
        _probe = null;
        _outputFd = -1;
    }
}
