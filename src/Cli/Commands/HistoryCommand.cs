using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Parsing;
using Berth.Images.Content;
using Berth.Images.Store;

namespace Berth.Cli.Commands;

/// <summary>`history`: an image's steps, newest first, each with its command and the size of the layer it added.</summary>
static class HistoryCommand
{
    const int CreatedByWidth = 45;

    static readonly Dictionary<string, string> Headers = new()
    {
        ["ID"] = "IMAGE", ["CreatedSince"] = "CREATED", ["CreatedAt"] = "CREATED AT", ["CreatedBy"] = "CREATED BY",
        ["Size"] = "SIZE", ["Comment"] = "COMMENT",
    };

    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "history",
        Usage = "history [OPTIONS] IMAGE",
        Description = "Show the history of an image",
        Aliases = ["image history"],
        Flags =
        [
            FlagSpec.Value("format", null, "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template"),
            FlagSpec.Bool("human", 'H', "Print sizes and dates in human readable format") with { Default = "true" },
            FlagSpec.Bool("no-trunc", null, "Don't truncate output"),
            FlagSpec.Bool("quiet", 'q', "Only show image IDs"),
        ],
        MinArgs = 1,
        MaxArgs = 1,
        Run = args =>
        {
            var image = context.Images.Get(args.Arguments[0]);
            var rows = Rows(context.Images, image, args.Bool("human"), !args.Bool("no-trunc"));
            if (args.Bool("quiet"))
            {
                foreach (var row in rows) context.Out.WriteLine(row["ID"]!.GetValue<string>());
                return 0;
            }
            var format = args.Value("format") is { } f && f != "table" ? f : "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
            new TableOutput(format).Write(context.Out, rows, Headers);
            return 0;
        },
    };

    /// <summary>
    /// Steps pair with layers in order: a step not marked empty_layer took the next DiffID. Only the
    /// newest step is this image; the ones below it have no image of their own here ("&lt;missing&gt;").
    /// </summary>
    public static List<JsonObject> Rows(ImageStore store, Image image, bool human, bool truncate)
    {
        var diffIds = image.DiffIds;
        var steps = image.Config.History is { Count: > 0 } history
            ? history
            : diffIds.Select(_ => new Images.Oci.HistoryEntry { Created = image.Config.Created }).ToList();
        var rows = new List<JsonObject>();
        var layer = 0;
        foreach (var step in steps)
        {
            long size = 0;
            if (step.EmptyLayer != true && layer < diffIds.Count) size = store.Layers.SizeOf(diffIds[layer++]);
            var createdBy = step.CreatedBy ?? "";
            var created = step.Created ?? DateTimeOffset.UnixEpoch;
            rows.Add(new JsonObject
            {
                ["ID"] = "<missing>",
                ["CreatedSince"] = human ? Units.Ago(created) : created.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
                ["CreatedAt"] = created.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
                ["CreatedBy"] = truncate && createdBy.Length > CreatedByWidth ? createdBy[..(CreatedByWidth - 1)] + "…" : createdBy,
                ["Size"] = human ? Units.HumanSize(size) : size.ToString(CultureInfo.InvariantCulture),
                ["Comment"] = step.Comment ?? "",
            });
        }
        rows.Reverse();
        if (rows.Count > 0) rows[0]["ID"] = truncate ? image.Id.Short : image.Id.Value;
        return rows;
    }
}
