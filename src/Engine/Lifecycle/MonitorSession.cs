using System.Buffers.Binary;
using System.Text;
using Berth.Engine.Monitor;
using Berth.Runtime.Launch;
using Berth.Runtime.Spawn;
using Berth.Sys.Interop;

namespace Berth.Engine.Lifecycle;

/// <summary>
/// The CLI's end of a freshly spawned monitor: a socket over which the monitor reports the start,
/// streams output, takes input, and reports the exit. Closing it detaches; the container runs on.
/// </summary>
public sealed class MonitorSession : IDisposable
{
    MonitorSession(int socket, ChildProcess monitor)
    {
        Socket = socket;
        Monitor = monitor;
    }

    public int Socket { get; private set; }
    public ChildProcess Monitor { get; }
    public int ContainerPid { get; private set; }

    /// <summary>Starts a monitor that waits for <see cref="Assign"/>; dispose unassigned and it just exits.</summary>
    /// <param name="prespawnHint">What the container will want (<see cref="MonitorPrespawn.Hint"/>), so the
    /// monitor can start its init while the container is being created; null for none.</param>
    public static unsafe MonitorSession Spawn(BerthPaths paths, string? prespawnHint = null)
    {
        var pair = stackalloc int[2];
        Libc.Check(Libc.socketpair(1 /*AF_UNIX*/, 1 | 0x80000 /*SOCK_STREAM|SOCK_CLOEXEC*/, 0, pair), "socketpair for the monitor");
        var devNull = Libc.open("/dev/null", Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        try
        {
            var monitor = ProcessSpawner.Spawn(new SpawnRequest
            {
                Arguments = prespawnHint is null ? ["berth", "monitor", "--root", paths.Root] : ["berth", "monitor", "--root", paths.Root, "--prespawn", prespawnHint],
                Environment = MonitorEnvironment(paths),
                Fds = [(devNull, 0), (devNull, 1), (devNull, 2), (pair[1], ContainerMonitor.AttachFd)],
                NewSession = true,
            });
            return new MonitorSession(pair[0], monitor);
        }
        catch
        {
            Libc.close(pair[0]);
            throw;
        }
        finally
        {
            Libc.close(pair[1]);
            Libc.close(devNull);
        }
    }

    /// <summary>A lean runtime for a process that lives as long as its container.</summary>
    static List<string> MonitorEnvironment(BerthPaths paths) =>
    [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        $"BERTH_RUNROOT={paths.RunRoot}",
        .. Sys.Diagnostics.Timing.Enabled ? [$"BERTH_TIMING={Environment.GetEnvironmentVariable("BERTH_TIMING")}"] : Array.Empty<string>(),
        // Hex without "0x": NativeAOT's config reader ignores the prefixed form. A small gen0 keeps the heap small.
        "DOTNET_GCgen0size=40000",
    ];

    /// <summary>Tells the monitor which container to start, and the size of the user's terminal for its pty.</summary>
    bool _assigned;

    public void Assign(string id, (ushort Rows, ushort Columns)? terminal)
    {
        _assigned = true;
        var text = terminal is { } size ? $"{id} {size.Rows} {size.Columns}" : id;
        AttachFrame.Send(Socket, FrameType.Assign, Encoding.ASCII.GetBytes(text));
    }

    /// <summary>Waits for the monitor's verdict on the start: the container's pid, or the failure it reports.</summary>
    public int AwaitStart()
    {
        var frame = AttachFrame.Receive(Socket);
        switch (frame)
        {
            case ({ } type, var payload) when type == FrameType.Started:
                return ContainerPid = BinaryPrimitives.ReadInt32BigEndian(payload);
            case ({ } type, var payload) when type == FrameType.StartFailed:
                Monitor.Wait();
                throw new StartFailedException(BinaryPrimitives.ReadInt32BigEndian(payload), Encoding.UTF8.GetString(payload.AsSpan(4)));
            default:
                Monitor.Wait();
                throw Sys.Errors.BerthException.Internal($"the container's monitor exited during start (status {Libc.ExitCodeOf(Monitor.Status ?? 0)})");
        }
    }

    /// <summary>Detach: the monitor sees end of file and carries on without us.</summary>
    public void Dispose()
    {
        if (Socket >= 0) Libc.close(Socket);
        Socket = -1;
        // Never given a container, the monitor exits at once on end of file: reap it rather than leave a zombie.
        if (!_assigned) Monitor.Wait(1000);
        Monitor.Dispose();
    }
}
