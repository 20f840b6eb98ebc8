using System.Text.RegularExpressions;
using Berth.Engine.Containers;
using Berth.Runtime.Cgroups;
using Berth.Sys.Errors;

namespace Berth.Engine.Inspection;

/// <summary>`top`: the host's ps, cut down to the processes in the container's cgroup.</summary>
public static partial class ContainerTop
{
    static readonly string[] DefaultArguments = ["-ef"];

    public static ProcessTable List(BerthPaths paths, ContainerRecord record, IReadOnlyList<string> psArguments)
    {
        if (!record.State.Running) throw BerthException.Conflict($"container {record.Id} is not running");
        if (record.State.Restarting) throw BerthException.Conflict($"Container {record.Id} is restarting, wait until the container is running");
        var arguments = psArguments.Count == 0 ? DefaultArguments : psArguments;
        Validate(arguments);
        var pids = CgroupHierarchy.Detect().Open(paths.CgroupPath(record.Id)).Processes().ToHashSet();
        // "-q PIDS" lets ps skip the rest of the host; some options (such as f) refuse it, so retry without.
        var output = HostPs.Run([.. arguments, "-q", string.Join(',', pids)], out _)
                     ?? HostPs.Run(arguments, out var error)
                     ?? throw BerthException.Invalid($"ps {string.Join(' ', arguments)}: {error}");
        return PsOutput.Parse(output, pids);
    }

    /// <summary>dockerd refuses renaming a column to PID ("-o user=PID"), which would fool the row filter.</summary>
    static void Validate(IReadOnlyList<string> arguments)
    {
        foreach (Match match in RenamedPid().Matches(" " + string.Join(' ', arguments)))
            if (match.Groups[1].Value != "pid")
                throw BerthException.Invalid($"specifying \"{match.Groups[1].Value}={match.Groups[2].Value}\" is not allowed");
    }

    [GeneratedRegex(@"\s+(\S*)=\s*(PID\S*)")]
    private static partial Regex RenamedPid();
}
