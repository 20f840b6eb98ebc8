using Berth.Cli.Parsing;
using Berth.Images.Archive;
using Berth.Images.Gc;
using Berth.Images.Content;
using Berth.Sys.Errors;
using Berth.Sys.Files;
using Berth.Sys.Interop;

namespace Berth.Cli.Commands;

/// <summary>save and load: images to and from docker and OCI archives.</summary>
static class ImageArchiveCommands
{
    public static CommandSpec Save(CliContext context) => new()
    {
        Name = "save",
        Usage = "save [OPTIONS] IMAGE [IMAGE...]",
        Description = "Save one or more images to a tar archive (streamed to STDOUT by default)",
        Aliases = ["image save"],
        Flags =
        [
            FlagSpec.Value("output", 'o', "Write to a file, instead of STDOUT"),
            FlagSpec.Value("format", null, "Archive format: \"docker\" (docker load reads it) or \"oci\" (an OCI image layout)", "string", "docker"),
        ],
        MinArgs = 1,
        Run = args =>
        {
            var format = args.Value("format") switch
            {
                "docker" or "docker-archive" => ArchiveFormat.Docker,
                "oci" or "oci-archive" => ArchiveFormat.Oci,
                var other => throw BerthException.Invalid($"invalid --format \"{other}\": want docker or oci"),
            };
            var saver = new ImageSaver(context.Images);
            if (args.Value("output") is { } file)
            {
                SaveToFile(saver, args.Arguments, file, format);
                return 0;
            }
            if (Libc.isatty(1) == 1) throw BerthException.Invalid("cowardly refusing to save to a terminal. Use the -o flag or redirect");
            using var stdout = Console.OpenStandardOutput();
            saver.Save(args.Arguments, stdout, format);
            return 0;
        },
    };

    /// <summary>Through a temp file renamed into place: an interrupted save never leaves a partial archive under the name.</summary>
    static void SaveToFile(ImageSaver saver, IReadOnlyList<string> images, string file, ArchiveFormat format)
    {
        var full = Path.GetFullPath(file);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}");
        try
        {
            using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                saver.Save(images, output, format);
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
            AtomicFile.SyncDirectory(Path.GetDirectoryName(full)!);
        }
        catch (DirectoryNotFoundException)
        {
            throw BerthException.Invalid($"failed to save image: invalid output path: directory \"{Path.GetDirectoryName(full)}\" does not exist");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static CommandSpec Load(CliContext context) => new()
    {
        Name = "load",
        Usage = "load [OPTIONS]",
        Description = "Load an image from a tar archive or STDIN",
        Aliases = ["image load"],
        Flags =
        [
            FlagSpec.Value("input", 'i', "Read from tar archive file, instead of STDIN"),
            FlagSpec.Bool("quiet", 'q', "Suppress the load output"),
        ],
        MaxArgs = 0,
        Run = args =>
        {
            var input = args.Value("input") is { } path && path != "-" ? path : null;
            if (input is null && Libc.isatty(0) == 1)
                throw BerthException.Invalid("requested load from stdin, but stdin is empty");
            using var stream = input is null ? Console.OpenStandardInput() : OpenArchive(input);
            IReadOnlyList<LoadedImage> loaded;
            try
            {
                loaded = new ImageLoader(context.Images).Load(stream);
            }
            catch (Exception e) when (e is BerthException or IOException)
            {
                // Blobs of a refused archive are stored but named by nothing: take them back, unless others are loading now.
                CleanUpAfterFailure(context);
                if (e is IOException io) throw BerthException.Internal($"load failed: {io.Message}", io);
                throw;
            }
            if (!args.Bool("quiet")) Report(context, loaded);
            return 0;
        },
    };

    static void Report(CliContext context, IReadOnlyList<LoadedImage> loaded)
    {
        foreach (var image in loaded)
        {
            foreach (var (tag, previous) in image.MovedTags)
                context.Out.WriteLine($"The image {Images.References.ImageReference.Parse(tag).Familiar} already exists, renaming the old one with ID {previous} to empty string");
            if (image.Tags.Count == 0) context.Out.WriteLine($"Loaded image ID: {image.Id}");
            foreach (var tag in image.Tags) context.Out.WriteLine($"Loaded image: {tag.Familiar}");
        }
    }

    public static void CleanUpAfterFailure(CliContext context) =>
        new ImageCollector(context.Images).TryCollect(() => ContainerLayers(context));

    public static IEnumerable<Digest> ContainerLayers(CliContext context) =>
        context.Containers.List().SelectMany(c => c.Berth.LayerDiffIds).Select(Digest.Parse).ToList();

    static Stream OpenArchive(string path)
    {
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20); }
        catch (FileNotFoundException) { throw BerthException.NotFound($"open {path}: no such file or directory"); }
        catch (DirectoryNotFoundException) { throw BerthException.NotFound($"open {path}: no such file or directory"); }
    }
}
