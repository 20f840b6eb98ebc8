using System.Text.Json.Nodes;
using Berth.Cli.Parsing;
using Berth.Images.Content;
using Berth.Images.Gc;
using Berth.Images.Import;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Sys.Errors;

namespace Berth.Cli.Commands;

/// <summary>images, import, tag, rmi, and their "image …" spellings.</summary>
static class ImageCommands
{
    public static IEnumerable<CommandSpec> All(CliContext context) =>
    [
        Images(context), Import(context), Tag(context), Remove(context), InspectCommand.ImageInspectSpec(context),
    ];

    static readonly Dictionary<string, string> Headers = new()
    {
        ["Repository"] = "REPOSITORY", ["Tag"] = "TAG", ["ID"] = "IMAGE ID", ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT", ["Size"] = "SIZE", ["Digest"] = "DIGEST", ["Containers"] = "CONTAINERS",
        ["VirtualSize"] = "VIRTUAL SIZE", ["SharedSize"] = "SHARED SIZE", ["UniqueSize"] = "UNIQUE SIZE",
    };

    static CommandSpec Images(CliContext context) => new()
    {
        Name = "images",
        Usage = "images [OPTIONS] [REPOSITORY[:TAG]]",
        Description = "List images",
        Aliases = ["image ls", "image list"],
        Flags =
        [
            FlagSpec.Bool("all", 'a', "Show all images (default hides intermediate images)"),
            FlagSpec.Bool("digests", null, "Show digests"),
            FlagSpec.List("filter", 'f', "Filter output based on conditions provided", "filter"),
            FlagSpec.Value("format", null, "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template"),
            FlagSpec.Bool("no-trunc", null, "Don't truncate output"),
            FlagSpec.Bool("quiet", 'q', "Only show image IDs"),
        ],
        MaxArgs = 1,
        Run = args =>
        {
            var rows = ImageRows.List(context.Images.LoadIndex(), args.Arguments.FirstOrDefault(), args.List("filter"), !args.Bool("no-trunc"), context);
            if (args.Bool("quiet"))
            {
                foreach (var id in rows.Select(r => r["ID"]!.GetValue<string>()).Distinct()) context.Out.WriteLine(id);
                return 0;
            }
            var format = args.Value("format") is { } f && f != "table" ? f
                : args.Bool("digests") ? "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
                : "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
            new TableOutput(format).Write(context.Out, rows, Headers);
            return 0;
        },
    };

    static CommandSpec Import(CliContext context) => new()
    {
        Name = "import",
        Usage = "import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
        Description = "Import the contents from a tarball to create a filesystem image",
        Aliases = ["image import"],
        Flags =
        [
            FlagSpec.List("change", 'c', "Apply Dockerfile instruction to the created image"),
            FlagSpec.Value("message", 'm', "Set commit message for imported image"),
            FlagSpec.Value("platform", null, "Set platform if server is multi-platform capable"),
        ],
        MinArgs = 1,
        MaxArgs = 2,
        Run = args =>
        {
            var source = args.Arguments[0];
            var tag = args.Arguments.Count > 1 ? ImageReference.Parse(args.Arguments[1]) : null;
            if (source.StartsWith("http://") || source.StartsWith("https://"))
                throw BerthException.Invalid("importing from a URL is not supported yet: download the file and import it");
            using var input = source == "-" ? Console.OpenStandardInput() : OpenFile(source);
            Digest id;
            try
            {
                id = new ImageImporter(context.Images).Import(input, tag, args.List("change"), args.Value("message"), source == "-" ? "-" : source);
            }
            catch (BerthException)
            {
                // A refused layer's blob is already stored, and nothing refers to it: collect it, so that a refused import changes nothing.
                Collect(context);
                throw;
            }
            context.Out.WriteLine(id.Value);
            return 0;
        },
    };

    static Stream OpenFile(string path)
    {
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20); }
        catch (FileNotFoundException) { throw BerthException.NotFound($"open {path}: no such file or directory"); }
    }

    static CommandSpec Tag(CliContext context) => new()
    {
        Name = "tag",
        Usage = "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        Description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        Aliases = ["image tag"],
        MinArgs = 2,
        MaxArgs = 2,
        Run = args =>
        {
            var target = ImageReference.Parse(args.Arguments[1]);
            if (target.Digest is not null) throw BerthException.Invalid("refusing to create a tag with a digest reference");
            var id = context.Images.FindId(args.Arguments[0]) ?? throw BerthException.NotFound($"No such image: {args.Arguments[0]}");
            context.Images.Tag(id, target);
            return 0;
        },
    };

    static CommandSpec Remove(CliContext context) => new()
    {
        Name = "rmi",
        Usage = "rmi [OPTIONS] IMAGE [IMAGE...]",
        Description = "Remove one or more images",
        Aliases = ["image rm", "image remove"],
        Flags = [FlagSpec.Bool("force", 'f', "Force removal of the image"), FlagSpec.Bool("no-prune", null, "Do not delete untagged parents")],
        MinArgs = 1,
        Run = args =>
        {
            var failed = false;
            var deleted = false;
            foreach (var name in args.Arguments)
            {
                try
                {
                    foreach (var line in ImageRemoval.Remove(context, name, args.Bool("force")))
                    {
                        context.Out.WriteLine(line);
                        deleted |= line.StartsWith("Deleted");
                    }
                }
                catch (BerthException e)
                {
                    context.Err.WriteLine($"Error: {e.Message}");
                    failed = true;
                }
            }
            if (deleted) Collect(context);
            return failed ? 1 : 0;
        },
    };

    public static CollectionResult Collect(CliContext context)
    {
        var inUse = context.Containers.List().SelectMany(c => c.Berth.LayerDiffIds).Select(Digest.Parse);
        return new ImageCollector(context.Images).Collect(inUse);
    }
}
