using System.Text.Json.Nodes;
using Berth.Images.Content;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Sys.Errors;

namespace Berth.Cli.Commands;

/// <summary>`images` rows: one per tag, "&lt;none&gt;" for an untagged image, newest first.</summary>
static class ImageRows
{
    public static List<JsonObject> List(ImageIndexFile index, string? repository, IReadOnlyList<string> filterValues, bool truncate, CliContext context)
    {
        var filters = filterValues.Select(f =>
        {
            var eq = f.IndexOf('=');
            if (eq <= 0) throw BerthException.Invalid($"bad format of filter (expected name=value): {f}");
            var key = f[..eq];
            if (key is not ("dangling" or "label" or "reference" or "before" or "since" or "until"))
                throw BerthException.Invalid($"invalid filter '{key}'");
            return (Key: key, Value: f[(eq + 1)..]);
        }).ToList();
        var before = filters.Where(f => f.Key == "before").Select(f => CreatedOf(index, f.Value)).ToList();
        var since = filters.Where(f => f.Key == "since").Select(f => CreatedOf(index, f.Value)).ToList();
        var until = filters.Where(f => f.Key == "until").Select(f => LogsCommand.Time(f.Value, "until")!.Value).ToList();
        var inUse = context.Containers.List().GroupBy(c => c.Image).ToDictionary(g => g.Key, g => g.Count());
        var rows = new List<(DateTimeOffset Created, JsonObject Row)>();
        foreach (var (id, entry) in index.Images)
        {
            var tags = index.Tags.Where(t => t.Value == id).Select(t => ImageReference.Parse(t.Key)).ToList();
            var dangling = tags.Count == 0;
            if (!filters.Where(f => f.Key == "dangling").All(f => (f.Value == "true") == dangling)) continue;
            if (before.Any(t => entry.Created >= t) || since.Any(t => entry.Created <= t) || until.Any(t => entry.Created > t)) continue;
            if (filters.Any(f => f.Key == "label") && !LabelsMatch(context, id, filters.Where(f => f.Key == "label").Select(f => f.Value))) continue;
            var names = dangling ? [(Repository: "<none>", Tag: "<none>")] : tags.Select(t => (Repository: t.FamiliarRepository, Tag: t.Tag ?? "<none>")).ToList();
            foreach (var (repo, tag) in names)
            {
                if (repository is not null && !MatchesRepository(repository, repo, tag)) continue;
                if (!filters.Where(f => f.Key == "reference").All(f => MatchesRepository(f.Value, repo, tag))) continue;
                var digest = entry.RepoDigests.FirstOrDefault(d => ImageReference.Parse(d, false).FamiliarRepository == repo);
                rows.Add((entry.Created, new JsonObject
                {
                    ["Containers"] = inUse.GetValueOrDefault(id).ToString(),
                    ["CreatedAt"] = entry.Created.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss") + " +0000 UTC",
                    ["CreatedSince"] = Units.Ago(entry.Created),
                    ["Digest"] = digest is null ? "<none>" : digest[(digest.IndexOf('@') + 1)..],
                    ["ID"] = truncate ? Digest.Parse(id).Short : id,
                    ["Repository"] = repo,
                    ["SharedSize"] = "N/A",
                    ["Size"] = Units.HumanSize(entry.Size),
                    ["Tag"] = tag,
                    ["UniqueSize"] = "N/A",
                    ["VirtualSize"] = Units.HumanSize(entry.Size),
                }));
            }
        }
        return rows.OrderByDescending(r => r.Created).Select(r => r.Row).ToList();
    }

    /// <summary>before= and since= name an image, as docker's do: the filter compares creation times with it.</summary>
    static DateTimeOffset CreatedOf(ImageIndexFile index, string image) =>
        ImageStore.FindId(index, image) is { } id ? index.Images[id.Value].Created : throw BerthException.NotFound($"No such image: {image}");

    static bool MatchesRepository(string pattern, string repository, string tag)
    {
        var colon = pattern.LastIndexOf(':');
        var (repoPattern, tagPattern) = colon > pattern.LastIndexOf('/') ? (pattern[..colon], pattern[(colon + 1)..]) : (pattern, "*");
        return Glob(repoPattern, repository) && Glob(tagPattern, tag);
    }

    static bool Glob(string pattern, string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", "[^/]*").Replace("\\?", ".") + "$");

    static bool LabelsMatch(CliContext context, string id, IEnumerable<string> filters)
    {
        var labels = context.Images.TryGet(id)?.Config.Config?.Labels;
        return filters.All(f => PsFilters.MatchesLabel(labels, f));
    }
}
