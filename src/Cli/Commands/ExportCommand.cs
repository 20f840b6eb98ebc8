using Berth.Cli.Parsing;
using Berth.Engine.Copying;
using Berth.Images.Layers;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Cli.Commands;

/// <summary>`export`: a container's whole filesystem as a tar, which `import` turns back into an image.</summary>
static class ExportCommand
{
    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "export",
        Usage = "export [OPTIONS] CONTAINER",
        Description = "Export a container's filesystem as a tar archive",
        Aliases = ["container export"],
        Flags = [FlagSpec.Value("output", 'o', "Write to a file, instead of STDOUT")],
        MinArgs = 1,
        MaxArgs = 1,
        Run = args =>
        {
            var name = args.Arguments[0];
            var record = context.Containers.Get(name);
            if (args.Value("output") is null && Libc.isatty(1) == 1)
                throw BerthException.Invalid("cowardly refusing to save to a terminal. Use the -o flag or redirect");
            using var filesystem = ContainerFilesystem.Open(context.Paths, context.Images.Layers, context.Containers, record, name);
            using var output = args.Value("output") is { } file ? new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20) : Console.OpenStandardOutput();
            // A running container's root has /proc, /sys and volumes mounted on it: those are not its filesystem.
            LayerWriter.Write($"/proc/self/fd/{filesystem.Tree.RootFd}", output, new LayerWriteOptions { SkipMountContents = true });
            return 0;
        },
    };
}
