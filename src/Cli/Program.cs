using Berth.Cli;
using Berth.Engine;
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
    /// <summary>berth monitor --root ROOT ID [ROWS COLS]</summary>
    public static int Run(string[] args)
    {
        var paths = BerthPaths.FromEnvironment(args[1]);
        (ushort, ushort)? size = args.Length >= 5 ? (ushort.Parse(args[3]), ushort.Parse(args[4])) : null;
        try
        {
            return new ContainerMonitor(paths, args[2]).Run(size);
        }
        catch (Exception e)
        {
            // Nobody reads a monitor's stderr: leave the reason beside the container, if it still exists.
            try { File.AppendAllText(Path.Combine(paths.ContainerDir(args[2]), "monitor.err"), $"{DateTimeOffset.UtcNow:O} {e}\n"); }
            catch (IOException) { }
            return 125;
        }
    }
}
