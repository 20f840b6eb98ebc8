using System.Text.Json.Nodes;
using Berth.Engine.Containers;
using Berth.Images.Content;
using Berth.Images.References;
using Berth.Images.Store;

namespace Berth.Cli.Commands;

/// <summary>One image's share of the layer store: layers it shares with other images count once in the total.</summary>
sealed record ImageUsage(string Id, ImageEntry Entry, IReadOnlyList<string> Tags, long Size, long SharedSize, int Containers);

sealed record ImagesUsage(IReadOnlyList<ImageUsage> Images, long TotalBytes, long ReclaimableBytes);

/// <summary>`system df` for images, counted by layer as docker does: a layer shared by ten images is on disk once.</summary>
static class ImageDiskUsage
{
    public static ImagesUsage Measure(ImageStore store, ImageIndexFile index, IReadOnlyList<ContainerRecord> containers)
    {
        var layersOf = new Dictionary<string, IReadOnlyList<Digest>>();
        foreach (var id in index.Images.Keys)
        {
            try { layersOf[id] = store.Load(index, Digest.Parse(id)).DiffIds; }
            catch (Sys.Errors.BerthException) { layersOf[id] = []; }
        }
        var users = layersOf.Values.SelectMany(l => l.Distinct()).GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
        var sizes = users.Keys.ToDictionary(d => d, store.Layers.SizeOf);
        var containerCounts = containers.GroupBy(c => c.Image).ToDictionary(g => g.Key, g => g.Count());
        var images = index.Images.Select(i => new ImageUsage(
            i.Key, i.Value,
            index.Tags.Where(t => t.Value == i.Key).Select(t => t.Key).ToList(),
            layersOf[i.Key].Distinct().Sum(d => sizes[d]),
            layersOf[i.Key].Distinct().Where(d => users[d] > 1).Sum(d => sizes[d]),
            containerCounts.GetValueOrDefault(i.Key))).ToList();
        var total = sizes.Values.Sum();
        var active = images.Where(i => i.Containers > 0).SelectMany(i => layersOf[i.Id]).Distinct().Sum(d => sizes[d]);
        return new ImagesUsage(images, total, total - active);
    }

    public static void PrintImages(CliContext context, ImagesUsage usage)
    {
        var rows = new List<JsonObject>();
        foreach (var image in usage.Images.OrderByDescending(i => i.Entry.Created))
        {
            var names = image.Tags.Count > 0 ? image.Tags.Select(t => ImageReference.Parse(t)).Select(r => (r.FamiliarRepository, r.Tag ?? "<none>")).ToList() : [("<none>", "<none>")];
            foreach (var (repository, tag) in names)
                rows.Add(new JsonObject
                {
                    ["Repository"] = repository, ["Tag"] = tag, ["ID"] = Digest.Parse(image.Id).Short,
                    ["CreatedSince"] = Units.Ago(image.Entry.Created), ["Size"] = Units.HumanSize(image.Size),
                    ["SharedSize"] = Units.HumanSize(image.SharedSize), ["UniqueSize"] = Units.HumanSize(image.Size - image.SharedSize),
                    ["Containers"] = image.Containers.ToString(),
                });
        }
        var headers = new Dictionary<string, string>
        {
            ["Repository"] = "REPOSITORY", ["Tag"] = "TAG", ["ID"] = "IMAGE ID", ["CreatedSince"] = "CREATED", ["Size"] = "SIZE",
            ["SharedSize"] = "SHARED SIZE", ["UniqueSize"] = "UNIQUE SIZE", ["Containers"] = "CONTAINERS",
        };
        new TableOutput("table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}").Write(context.Out, rows, headers);
    }
}
