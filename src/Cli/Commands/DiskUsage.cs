using System.Text.Json.Nodes;
using Berth.Engine.Volumes;

namespace Berth.Cli.Commands;

/// <summary>`system df`: space used by images, containers, local volumes and the build cache, and what is reclaimable.</summary>
static class DiskUsage
{
    public static int Print(CliContext context, bool verbose, string? format)
    {
        var index = context.Images.LoadIndex();
        var containers = context.Containers.List();
        var usedImages = containers.Select(c => c.Image).ToHashSet();
        var images = ImageDiskUsage.Measure(context.Images, index, containers);
        var imageSize = images.TotalBytes;
        var unusedImageSize = images.ReclaimableBytes;
        var containerSizes = containers.ToDictionary(c => c.Id, c => Sizing.DirectorySize(context.Paths.UpperDir(c.Id)));
        var stoppedSize = containers.Where(c => !c.State.Running).Sum(c => containerSizes[c.Id]);
        var volumes = new VolumeStore(context.Paths);
        var used = VolumeCommands.UsedVolumes(context);
        var volumeList = volumes.List();
        var volumeSizes = volumeList.ToDictionary(v => v.Name, v => volumes.SizeOf(v.Name));
        var rows = new List<JsonObject>
        {
            Row("Images", index.Images.Count, usedImages.Count(index.Images.ContainsKey), imageSize, unusedImageSize),
            Row("Containers", containers.Count, containers.Count(c => c.State.Running), containerSizes.Values.Sum(), stoppedSize),
            Row("Local Volumes", volumeList.Count, volumeList.Count(v => used.ContainsKey(v.Name)), volumeSizes.Values.Sum(),
                volumeList.Where(v => !used.ContainsKey(v.Name)).Sum(v => volumeSizes[v.Name])),
            Row("Build Cache", 0, 0, 0, 0),
        };
        var headers = new Dictionary<string, string> { ["Type"] = "TYPE", ["TotalCount"] = "TOTAL", ["Active"] = "ACTIVE", ["Size"] = "SIZE", ["Reclaimable"] = "RECLAIMABLE" };
        new TableOutput(format ?? "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}").Write(context.Out, rows, headers);
        if (!verbose) return 0;
        context.Out.WriteLine("\nImages space usage:\n");
        ImageDiskUsage.PrintImages(context, images);
        context.Out.WriteLine("\nContainers space usage:\n");
        var containerRows = containers.Select(c => new JsonObject
        {
            ["ID"] = c.Id[..12], ["Image"] = c.Config.Image, ["Command"] = ContainerRow.GoQuote(string.Join(' ', new[] { c.Path }.Concat(c.Args))),
            ["LocalVolumes"] = c.Mounts.Count(m => m.Type == "volume").ToString(), ["Size"] = Units.HumanSize(containerSizes[c.Id]),
            ["RunningFor"] = Units.Ago(c.Created), ["Status"] = ContainerRow.Status(c), ["Names"] = c.ShortName,
        });
        new TableOutput("table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}")
            .Write(context.Out, containerRows, ContainerRow.Headers.Concat([new("LocalVolumes", "LOCAL VOLUMES")]).DistinctBy(p => p.Key).ToDictionary());
        context.Out.WriteLine("\nLocal Volumes space usage:\n");
        var volumeRows = volumeList.Select(v => new JsonObject { ["Name"] = v.Name, ["Links"] = used.ContainsKey(v.Name) ? "1" : "0", ["Size"] = Units.HumanSize(volumeSizes[v.Name]) });
        new TableOutput("table {{.Name}}\t{{.Links}}\t{{.Size}}").Write(context.Out, volumeRows, new Dictionary<string, string> { ["Name"] = "VOLUME NAME", ["Links"] = "LINKS", ["Size"] = "SIZE" });
        context.Out.WriteLine("\nBuild cache usage: 0B\n");
        context.Out.WriteLine("CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED");
        return 0;
    }

    static JsonObject Row(string type, int total, int active, long size, long reclaimable) => new()
    {
        ["Type"] = type,
        ["TotalCount"] = total.ToString(),
        ["Active"] = active.ToString(),
        ["Size"] = Units.HumanSize(size),
        ["Reclaimable"] = size > 0 ? $"{Units.HumanSize(reclaimable)} ({reclaimable * 100 / size}%)" : "0B",
    };
}
