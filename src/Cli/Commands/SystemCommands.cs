using System.Reflection;
using Berth.Cli.Parsing;
using Berth.Engine.Volumes;
using Berth.Runtime.Cgroups;

namespace Berth.Cli.Commands;

/// <summary>version, info and system df.</summary>
static class SystemCommands
{
    public static string Version =>
        typeof(SystemCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.1.0";

    public static IEnumerable<CommandSpec> All(CliContext context) =>
    [
        new()
        {
            Name = "version",
            Usage = "version [OPTIONS]",
            Description = "Show the berth version information",
            Flags = [FlagSpec.Value("format", 'f', "Format output using a custom template")],
            MaxArgs = 0,
            Run = args =>
            {
                context.Out.WriteLine($"Client: berth\n Version:           {Version}\n API version:       1.45 (compatible)\n Go version:        n/a (.NET {Environment.Version}, NativeAOT)\n OS/Arch:           linux/{Images.Import.ImageImporter.CurrentArchitecture}\n\nEngine: berth (daemonless)\n Version:          {Version}\n Runtime:          berth (OCI runtime-spec 1.2.0)\n Kernel:           {Environment.OSVersion.Version}");
                return 0;
            },
        },
        new()
        {
            Name = "info",
            Usage = "info [OPTIONS]",
            Description = "Display system-wide information",
            Aliases = ["system info"],
            Flags = [FlagSpec.Value("format", 'f', "Format output using a custom template")],
            MaxArgs = 0,
            Run = _ =>
            {
                var containers = context.Containers.List();
                var hierarchy = CgroupHierarchy.Detect();
                var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
                context.Out.WriteLine(
                    $"Client:\n Version:    {Version}\n Context:    default\n\nServer:\n" +
                    $" Containers: {containers.Count}\n  Running: {containers.Count(c => c.State.Running && !c.State.Paused)}\n  Paused: {containers.Count(c => c.State.Paused)}\n  Stopped: {containers.Count(c => !c.State.Running)}\n" +
                    $" Images: {context.Images.LoadIndex().Images.Count}\n Server Version: {Version} (berth, daemonless)\n Storage Driver: overlay2\n  Backing Filesystem: {BackingFilesystem(context.Paths.Root)}\n" +
                    $" Logging Driver: json-file\n Cgroup Driver: cgroupfs\n Cgroup Version: {(hierarchy.Version == CgroupVersion.V1 ? "1" : "2")}\n" +
                    $" Runtimes: berth\n Default Runtime: berth\n Init Binary: berth-init (embedded)\n Security Options:\n  seccomp\n   Profile: builtin\n  cgroupns\n" +
                    $" Kernel Version: {Environment.OSVersion.Version}\n Operating System: {OsName()}\n OSType: linux\n Architecture: {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}\n" +
                    $" CPUs: {Environment.ProcessorCount}\n Total Memory: {Units.BytesSize(long.Parse(memory) * 1024.0)}\n Name: {Environment.MachineName}\n" +
                    $" Docker Root Dir: {context.Paths.Root}\n Debug Mode: false\n Live Restore Enabled: true (no daemon: containers outlive every berth command)");
                return 0;
            },
        },
        new()
        {
            Name = "system df",
            Usage = "system df [OPTIONS]",
            Description = "Show berth disk usage",
            Flags = [FlagSpec.Value("format", null, "Format output using a custom template"), FlagSpec.Bool("verbose", 'v', "Show detailed information on space usage")],
            MaxArgs = 0,
            Run = args => DiskUsage.Print(context, args.Bool("verbose"), args.Value("format")),
        },
    ];

    static string BackingFilesystem(string root)
    {
        var best = "";
        var type = "unknown";
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            var point = line[..separator].Split(' ')[4];
            if (root.StartsWith(point) && point.Length > best.Length)
            {
                best = point;
                type = line[(separator + 3)..].Split(' ')[0];
            }
        }
        return type;
    }

    static string OsName() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME="))?[12..].Trim('"') ?? "Linux"
            : "Linux";
}
