using Berth.Runtime.Launch;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Monitor;

/// <summary>
/// One run of the container, on the monitor's single thread: output to the log and the attached
/// client, client input to the container, health probes, until the container's init exits.
/// </summary>
sealed unsafe class EventLoop(ContainerIo io, Logs.JsonFileLogWriter log, AttachChannel attach, HealthChecker? health, Action<Containers.HealthState> onHealth, Networks.DnsResponder? dns = null)
{
    /// <summary>How long the loop waits idle before shrinking the monitor's memory: never on a short run's path.</summary>
    const int SettleMilliseconds = 1000;
    readonly byte[] _buffer = new byte[64 * 1024];
    long _settleAt = Environment.TickCount64 + SettleMilliseconds;

    /// <summary>Returns the raw wait status of the container's init.</summary>
    public int Run(LaunchedContainer container)
    {
        var fds = stackalloc Libc.PollFd[8];
        while (true)
        {
            var count = 0;
            fds[count++] = new Libc.PollFd { Fd = container.Process.Pidfd, Events = Libc.POLLIN };
            var outputIndex = Add(fds, ref count, io.Output);
            var errorsIndex = Add(fds, ref count, io.Errors);
            var attachIndex = Add(fds, ref count, attach.Fd);
            var probeIndex = Add(fds, ref count, health?.ProbePidfd ?? -1);
            var probeOutputIndex = Add(fds, ref count, health?.OutputFd ?? -1);
            var dnsIndex = Add(fds, ref count, dns?.Fd ?? -1);
            var relayIndex = Add(fds, ref count, dns?.UpstreamFd ?? -1);
            var timeout = Timeout();
            var ready = Libc.poll(fds, (nuint)count, timeout);
            if (ready < 0 && Libc.LastErrno != Errno.EINTR) throw new SystemCallException("poll in monitor", Libc.LastErrno);
            if (ready == 0 && _settleAt > 0 && Environment.TickCount64 >= _settleAt) Settle();
            if (health is not null && (Ready(fds, probeIndex) || Ready(fds, probeOutputIndex)) && health.OnProbeEvent() is { } result) onHealth(result);
            if (health?.Tick() is { } timedOut) onHealth(timedOut);
            if (Ready(fds, outputIndex)) Pump(io.Output, stderr: false);
            if (Ready(fds, errorsIndex)) Pump(io.Errors, stderr: true);
            if (Ready(fds, attachIndex)) attach.OnReadable(io);
            if (Ready(fds, dnsIndex)) dns!.OnQuery();
            if (Ready(fds, relayIndex)) dns!.OnReply();
            if (Ready(fds, 0)) break;
        }
        health?.Stop();
        var status = container.Process.Wait();
        Drain();
        return status;
    }

    int Timeout()
    {
        var healthDue = health?.MillisecondsUntilDue() ?? -1;
        if (_settleAt == 0) return healthDue;
        var settleDue = (int)Math.Max(0, _settleAt - Environment.TickCount64);
        return healthDue < 0 ? settleDue : Math.Min(healthDue, settleDue);
    }

    /// <summary>
    /// Once the container has run a while, the monitor's start-up work is garbage: return its heap,
    /// then drop the code pages that only start-up used. The monitor then costs a few MB per container.
    /// </summary>
    void Settle()
    {
        _settleAt = 0;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Sys.Diagnostics.WorkingSet.TrimCleanFilePages();
    }

    static int Add(Libc.PollFd* fds, ref int count, int fd)
    {
        if (fd < 0) return -1;
        fds[count] = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
        return count++;
    }

    static bool Ready(Libc.PollFd* fds, int index) => index >= 0 && fds[index].Revents != 0;

    /// <summary>Reads what is there; at end of file (or EIO from a pty whose slave closed) stops watching.</summary>
    bool Pump(int fd, bool stderr)
    {
        var n = Libc.ReadSome(fd, _buffer);
        if (n == -Errno.EAGAIN) return true;
        if (n <= 0)
        {
            if (fd == io.Output) io.StopWatchingOutput();
            else io.StopWatchingErrors();
            return false;
        }
        var data = _buffer.AsSpan(0, n);
        log.Write(stderr, data);
        attach.SendOutput(stderr, data);
        return true;
    }

    /// <summary>After init exits, the kernel has killed the rest of its pid namespace: read what they wrote.</summary>
    void Drain()
    {
        var deadline = Environment.TickCount64 + 2000;
        var fds = stackalloc Libc.PollFd[2];
        while (Environment.TickCount64 < deadline && (io.Output >= 0 || io.Errors >= 0))
        {
            var count = 0;
            var outputIndex = Add(fds, ref count, io.Output);
            var errorsIndex = Add(fds, ref count, io.Errors);
            if (Libc.poll(fds, (nuint)count, 100) == 0) break;
            if (Ready(fds, outputIndex)) Pump(io.Output, stderr: false);
            if (Ready(fds, errorsIndex)) Pump(io.Errors, stderr: true);
        }
        log.Flush();
    }
}
