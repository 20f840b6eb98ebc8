using Berth.Cli.Parsing;
using Berth.Engine;
using Berth.Engine.Lifecycle;
using Berth.Engine.Volumes;
using Berth.Images.Content;
using Berth.Images.Gc;
using Berth.Images.References;
using Berth.Images.Store;

namespace Berth.Cli.Commands;

/// <summary>image prune and system prune: what nothing uses goes, and the store is swept.</summary>
static class PruneCommands
{
    public static CommandSpec ImagePrune(CliContext context) => new()
    {
        Name = "image prune",
        Usage = "image prune [OPTIONS]",
        Description = "Remove unused images",
        Flags =
        [
            FlagSpec.Bool("all", 'a', "Remove all unused images, not just dangling ones"),
            FlagSpec.Bool("force", 'f', "Do not prompt for confirmation"),
            FlagSpec.List("filter", null, "Provide filter values (e.g. \"until=<timestamp>\")", "filter"),
        ],
        MaxArgs = 0,
        Run = args =>
        {
            var all = args.Bool("all");
            var warning = all ? "WARNING! This will remove all images without at least one container associated to them."
                : "WARNING! This will remove all dangling images.";
            if (!Confirm.Ask(context, args, warning)) return 0;
            var reclaimed = PruneImages(context, all, args.List("filter"));
            context.Out.WriteLine($"Total reclaimed space: {Units.HumanSize(reclaimed)}");
            return 0;
        },
    };

    /// <summary>Removes unused images (all of them, or the untagged ones) and sweeps; prints docker's "Deleted Images:" list.</summary>
    static long PruneImages(CliContext context, bool all, IReadOnlyList<string> filterValues)
    {
        var until = filterValues.Where(f => f.StartsWith("until=")).Select(f => LogsCommand.Time(f[6..], "until")!.Value).ToList();
        var result = new ImageCollector(context.Images).Prune(
            index =>
            {
                // Read under the collection lease: a create in flight holds a lease, so its container is listed here.
                var used = context.Containers.List().Select(c => c.Image).ToHashSet();
                var tagged = index.Tags.Values.ToHashSet();
                return index.Images
                    .Where(i => !used.Contains(i.Key) && (all || !tagged.Contains(i.Key)) && until.All(u => i.Value.Created < u))
                    .Select(i => Digest.Parse(i.Key)).ToList();
            },
            () => ImageArchiveCommands.ContainerLayers(context));
        if (result.Images.Count > 0)
        {
            context.Out.WriteLine("Deleted Images:");
            foreach (var (id, tags) in result.Images)
            {
                foreach (var tag in tags) context.Out.WriteLine($"untagged: {ImageReference.Parse(tag).Familiar}");
                context.Out.WriteLine($"deleted: {id}");
            }
            context.Out.WriteLine();
        }
        return result.Collection.ReclaimedBytes;
    }

    public static CommandSpec SystemPrune(CliContext context) => new()
    {
        Name = "system prune",
        Usage = "system prune [OPTIONS]",
        Description = "Remove unused data",
        Flags =
        [
            FlagSpec.Bool("all", 'a', "Remove all unused images not just dangling ones"),
            FlagSpec.Bool("force", 'f', "Do not prompt for confirmation"),
            FlagSpec.Bool("volumes", null, "Prune anonymous volumes"),
            FlagSpec.List("filter", null, "Provide filter values (e.g. \"label=<key>=<value>\")", "filter"),
        ],
        MaxArgs = 0,
        Run = args =>
        {
            var all = args.Bool("all");
            var volumes = args.Bool("volumes");
            var warning = "WARNING! This will remove:\n  - all stopped containers\n" + (volumes ? "  - all anonymous volumes not used by at least one container\n" : "")
                + (all ? "  - all images without at least one container associated to them\n" : "  - all dangling images\n");
            if (!Confirm.Ask(context, args, warning.TrimEnd('\n'))) return 0;
            long reclaimed = PruneContainers(context);
            if (volumes) reclaimed += PruneVolumes(context);
            reclaimed += PruneImages(context, all, []);
            context.Out.WriteLine($"Total reclaimed space: {Units.HumanSize(reclaimed)}");
            return 0;
        },
    };

    static long PruneContainers(CliContext context)
    {
        var remover = new ContainerRemover(context.Containers);
        var deleted = new List<string>();
        long reclaimed = 0;
        foreach (var record in context.Containers.List().Where(r => !r.State.Running && !r.State.Restarting && !r.State.Paused))
        {
            var size = Sizing.DirectorySize(context.Paths.UpperDir(record.Id));
            try { remover.Remove(record, force: false, volumes: false); }
            catch (Sys.Errors.BerthException) { continue; }
            reclaimed += size;
            deleted.Add(record.Id);
        }
        Remover.DeleteAbandonedTrash(context.Paths);
        if (deleted.Count == 0) return reclaimed;
        context.Out.WriteLine("Deleted Containers:");
        foreach (var id in deleted) context.Out.WriteLine(id);
        context.Out.WriteLine();
        return reclaimed;
    }

    /// <summary>docker 23+: only anonymous volumes (no name given by the user) that no container uses.</summary>
    static long PruneVolumes(CliContext context)
    {
        var store = new VolumeStore(context.Paths);
        var used = VolumeCommands.UsedVolumes(context);
        var deleted = new List<string>();
        long reclaimed = 0;
        foreach (var volume in store.List().Where(v => !used.ContainsKey(v.Name) && v.IsAnonymous))
        {
            var size = store.SizeOf(volume.Name);
            try { store.Remove(volume.Name); }
            catch (Sys.Errors.BerthException) { continue; }
            reclaimed += size;
            deleted.Add(volume.Name);
        }
        if (deleted.Count == 0) return reclaimed;
        context.Out.WriteLine("Deleted Volumes:");
        foreach (var name in deleted) context.Out.WriteLine(name);
        context.Out.WriteLine();
        return reclaimed;
    }
}
