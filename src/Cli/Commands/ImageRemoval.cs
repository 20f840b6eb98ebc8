using Berth.Images.References;
using Berth.Sys.Errors;

namespace Berth.Cli.Commands;

/// <summary>docker's rmi rules: untag a tag; delete an image when its last name goes, never one a container uses (unless forced and stopped).</summary>
static class ImageRemoval
{
    public static List<string> Remove(CliContext context, string name, bool force)
    {
        var store = context.Images;
        var index = store.LoadIndex();
        var id = Images.Store.ImageStore.FindId(index, name) ?? throw BerthException.NotFound($"No such image: {name}");
        var tags = index.Tags.Where(t => t.Value == id.Value).Select(t => t.Key).ToList();
        var byTag = ImageReference.TryParse(name, out var reference, out _) && reference!.Digest is null && tags.Contains(reference.ToString());
        var users = context.Containers.List().Where(c => c.Image == id.Value).ToList();
        var lines = new List<string>();

        if (byTag && tags.Count > 1)
        {
            store.Update(i => i.Tags.Remove(reference!.ToString()));
            return [$"Untagged: {reference!.Familiar}"];
        }
        if (!byTag && tags.Count > 1 && !force)
            throw BerthException.Conflict($"conflict: unable to delete {id.Short} (must be forced) - image is referenced in multiple repositories");
        if (users.FirstOrDefault(c => c.State.Running) is { } running)
            throw BerthException.Conflict($"conflict: unable to delete {id.Short} (cannot be forced) - image is being used by running container {running.Id[..12]}");
        if (users.Count > 0 && !force)
        {
            var user = users[0];
            if (byTag) throw BerthException.Conflict($"conflict: unable to remove repository reference \"{name}\" (must force) - container {user.Id[..12]} is using its referenced image {id.Short}");
            throw BerthException.Conflict($"conflict: unable to delete {id.Short} (must be forced) - image is being used by stopped container {user.Id[..12]}");
        }
        store.Update(i =>
        {
            foreach (var tag in i.Tags.Where(t => t.Value == id.Value).Select(t => t.Key).ToList())
            {
                i.Tags.Remove(tag);
                lines.Add($"Untagged: {ImageReference.Parse(tag).Familiar}");
            }
            // A stopped container keeps its layers (see the collector), so forcing only drops the image's name and record.
            if (i.Images.Remove(id.Value)) lines.Add($"Deleted: {id.Value}");
            return 0;
        });
        return lines;
    }
}
