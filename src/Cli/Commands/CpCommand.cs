using Berth.Cli.Parsing;
using Berth.Engine.Copying;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Cli.Commands;

/// <summary>
/// `cp [-a] [-L] [-q] CONTAINER:SRC DEST|-` and `cp SRC|- CONTAINER:DEST`: docker's copy between a
/// container, running or stopped, and the host; "-" is a tar stream on stdout or stdin.
/// </summary>
static class CpCommand
{
    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "cp",
        Usage = "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
        Description = "Copy files/folders between a container and the local filesystem",
        Flags =
        [
            FlagSpec.Bool("archive", 'a', "Archive mode (copy all uid/gid information)"),
            FlagSpec.Bool("follow-link", 'L', "Always follow symbol link in SRC_PATH"),
            FlagSpec.Bool("quiet", 'q', "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached"),
        ],
        MinArgs = 2,
        MaxArgs = 2,
        Run = args => Run(context, args),
    };

    static int Run(CliContext context, ParsedArgs args)
    {
        var (sourceContainer, source) = SplitArgument(args.Arguments[0]);
        var (destinationContainer, destination) = SplitArgument(args.Arguments[1]);
        if (source.Length == 0) throw BerthException.Invalid("source can not be empty");
        if (destination.Length == 0) throw BerthException.Invalid("destination can not be empty");
        if (sourceContainer is null && destinationContainer is null) throw BerthException.Invalid("must specify at least one container source");
        if (sourceContainer is not null && destinationContainer is not null) throw BerthException.Invalid("copying between containers is not supported");
        var options = new CopyOptions(args.Bool("follow-link"), args.Bool("archive"));
        var copier = new ContainerCopier(context.Paths, context.Images.Layers);
        var streaming = source == "-" && sourceContainer is null || destination == "-" && destinationContainer is null;
        var bytes = sourceContainer is not null
            ? CopyOut(copier, sourceContainer, source, destination, options)
            : CopyIn(copier, source, destinationContainer!, destination, options);
        // docker reports only to a person watching: not with -q, a stream, or output to a pipe.
        if (!args.Bool("quiet") && !streaming && Libc.isatty(1) == 1)
            context.Err.WriteLine($"Successfully copied {Units.HumanSize(bytes)} to {args.Arguments[1]}");
        return 0;
    }

    static long CopyOut(ContainerCopier copier, string container, string source, string destination, CopyOptions options)
    {
        if (destination != "-") return copier.FromContainer(container, source, destination, options);
        using var stdout = Console.OpenStandardOutput();
        return copier.FromContainerAsTar(container, source, stdout, options);
    }

    static long CopyIn(ContainerCopier copier, string source, string container, string destination, CopyOptions options)
    {
        if (source != "-") return copier.ToContainer(source, container, destination, options);
        using var stdin = Console.OpenStandardInput();
        return copier.TarToContainer(stdin, container, destination, options);
    }

    /// <summary>
    /// docker's reading of "CONTAINER:PATH": an absolute path, or a relative one starting with "."
    /// ("./a:b"), is local even with a colon in it.
    /// </summary>
    static (string? Container, string Path) SplitArgument(string argument)
    {
        if (argument.StartsWith('/')) return (null, argument);
        var colon = argument.IndexOf(':');
        if (colon < 0 || argument.StartsWith('.')) return (null, argument);
        return (argument[..colon], argument[(colon + 1)..]);
    }
}
