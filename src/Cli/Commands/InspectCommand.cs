using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Cli.Parsing;
using Berth.Engine.Volumes;
using Berth.Sys.Errors;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary>`inspect`, `container inspect`, `image inspect` and `volume inspect`: docker's JSON, or a --format template.</summary>
static class InspectCommand
{
    static readonly FlagSpec[] Flags =
    [
        FlagSpec.Value("format", 'f', "Format output using a custom template: 'json' or a Go template"),
        FlagSpec.Bool("size", 's', "Display total file sizes if the type is container"),
        FlagSpec.Value("type", null, "Only inspect objects of the given type"),
    ];

    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "inspect",
        Usage = "inspect [OPTIONS] NAME|ID [NAME|ID...]",
        Description = "Return low-level information on berth objects",
        Flags = Flags,
        MinArgs = 1,
        Run = args => Run(context, args, args.Value("type")),
    };

    public static CommandSpec ContainerInspectSpec(CliContext context) => Typed(context, "container");
    public static CommandSpec ImageInspectSpec(CliContext context) => Typed(context, "image");
    public static CommandSpec VolumeInspectSpec(CliContext context) => Typed(context, "volume");

    static CommandSpec Typed(CliContext context, string type) => new()
    {
        Name = $"{type} inspect",
        Usage = $"{type} inspect [OPTIONS] {type.ToUpperInvariant()} [{type.ToUpperInvariant()}...]",
        Description = $"Display detailed information on one or more {type}s",
        Flags = Flags.Where(f => f.Name != "type").ToArray(),
        MinArgs = 1,
        Run = args => Run(context, args, type),
    };

    static int Run(CliContext context, ParsedArgs args, string? type)
    {
        if (type is not (null or "container" or "image" or "volume"))
            throw BerthException.Invalid($"\"{type}\" is not a valid value for --type");
        var found = new List<JsonObject>();
        var failed = false;
        foreach (var name in args.Arguments)
        {
            var node = Find(context, name, type);
            if (node is null)
            {
                context.Err.WriteLine($"Error: No such {type ?? "object"}: {name}");
                failed = true;
                continue;
            }
            found.Add(node);
        }
        Print(context, found, args.Value("format"));
        return failed ? 1 : 0;
    }

    static JsonObject? Find(CliContext context, string name, string? type)
    {
        if (type is null or "container" && context.Containers.TryGet(name) is { } container) return InspectJson.Container(container);
        if (type is null or "image" && context.Images.TryGet(name) is { } image)
            return InspectJson.Image(image, image.DiffIds.Count > 0 ? context.Images.Layers.DiffPath(image.DiffIds[^1]) : "",
                d => context.Images.Layers.DiffPath(Images.Content.Digest.Parse(d)));
        if (type is null or "volume" && new VolumeStore(context.Paths).TryGet(name) is { } volume) return InspectJson.Volume(volume);
        return null;
    }

    public static void Print(CliContext context, List<JsonObject> nodes, string? format)
    {
        if (format is null or "")
        {
            var array = new JsonArray(nodes.Select(n => (JsonNode?)n).ToArray());
            context.Out.WriteLine(array.ToJsonString(InspectJson.Indented));
            return;
        }
        var text = format == "json" ? "{{json .}}" : format;
        GoTemplate template;
        try { template = GoTemplate.Parse(text); }
        catch (TemplateException e) { throw BerthException.Invalid($"template parsing error: {e.Message}"); }
        foreach (var node in nodes)
        {
            try
            {
                template.Execute(node, context.Out);
                context.Out.WriteLine();
            }
            catch (TemplateException e)
            {
                throw BerthException.Invalid($"template parsing error: {e.Message}");
            }
        }
    }
}
