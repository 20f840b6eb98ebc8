using Berth.Cli;
using Berth.Engine;
using Berth.Engine.Lifecycle;
using Berth.Engine.Monitor;
using Berth.Runtime.Init;
using Berth.Runtime.Spawn;
using Berth.Sys.Interop;

// One binary, several roles: the CLI, and the hidden modes it re-executes itself in.
// An inherited SIGCHLD=SIG_IGN would make the kernel reap our children and lose their exit codes.
Libc.signal(Libc.SIGCHLD, 0);
Berth.Sys.Diagnostics.Timing.Mark($"main {(args.Length > 0 ? args[0] : "")}");
if (args.Length > 0)
{
    switch (args[0])
    {
        case "init":
            ProcessName.Set("berth-init");
            return ContainerInit.Main(args[1..]);
        case "exec-init":
            // The namespaces were joined by the nsenter constructor before Main; this call keeps it linked.
            return ProcessSpawner.NsenterLinked() ? ExecInit.Main() : 126;
        case "monitor":
            ProcessName.Set("berth-monitor");
            return MonitorEntry.Run(args[1..]);
    }
}
return new CliApp(Console.Out, Console.Error).Run(args);

static class MonitorEntry
{
    /// <summary>berth monitor --root ROOT [--prespawn HINT]; the container comes in an Assign frame on fd 3.</summary>
    public static int Run(string[] args)
    {
        var paths = BerthPaths.FromEnvironment(args[1]);
        var prespawn = args.Length >= 4 && args[2] == "--prespawn" ? TryPrespawn(args[3]) : null;
        if (AttachFrame.Receive(ContainerMonitor.AttachFd) is not ({ } type, var payload) || type != FrameType.Assign)
        {
            prespawn?.Dispose();
            return 0; // the CLI gave up before the container existed (a refused create)
        }
        var words = System.Text.Encoding.ASCII.GetString(payload).Split(' ');
        var id = words[0];
        (ushort, ushort)? size = words.Length >= 3 ? (ushort.Parse(words[1]), ushort.Parse(words[2])) : null;
        try
        {
            return new ContainerMonitor(paths, id).Run(size, prespawn);
        }
        catch (Exception e)
        {
            // Nobody reads a monitor's stderr: leave the reason beside the container, if it still exists.
            try { File.AppendAllText(Path.Combine(paths.ContainerDir(id), "monitor.err"), $"{DateTimeOffset.UtcNow:O} {e}\n"); }
            catch (IOException) { }
            return 125;
        }
    }

    /// <summary>A head start only: if it fails, the container starts the ordinary way.</summary>
    static MonitorPrespawn? TryPrespawn(string hint)
    {
        try { return MonitorPrespawn.TryStart(hint); }
        catch (Exception e) when (e is Berth.Sys.Errors.BerthException or IOException) { return null; }
    }
}
