using System.Text.RegularExpressions;
using Berth.Engine.Containers;
using Berth.Sys.Errors;

namespace Berth.Cli.Commands;

/// <summary>`ps --filter` (and `container prune --filter`): each key ORs its values (but label ANDs them), keys AND together, as in docker.</summary>
sealed class PsFilters(Dictionary<string, List<string>> filters)
{
    static readonly string[] Known = ["status", "name", "label", "ancestor", "id", "exited", "health", "volume", "until", "before", "since", "network"];

    public static PsFilters Parse(IEnumerable<string> values)
    {
        var filters = new Dictionary<string, List<string>>();
        foreach (var value in values)
        {
            var eq = value.IndexOf('=');
            if (eq <= 0) throw BerthException.Invalid($"bad format of filter (expected name=value): {value}");
            var key = value[..eq].ToLowerInvariant();
            if (!Known.Contains(key)) throw BerthException.Invalid($"invalid filter '{key}'");
            if (!filters.TryGetValue(key, out var list)) filters[key] = list = [];
            list.Add(value[(eq + 1)..]);
        }
        foreach (var status in filters.GetValueOrDefault("status") ?? [])
            if (status is not ("created" or "restarting" or "running" or "removing" or "paused" or "exited" or "dead"))
                throw BerthException.Invalid($"invalid filter 'status={status}'");
        return new PsFilters(filters);
    }

    public bool HasStatus => filters.ContainsKey("status");

    public bool Matches(ContainerRecord record, Func<string, string?> resolveImage)
    {
        return All("status", s => record.State.Status == s)
               && All("name", n => Regex.IsMatch(record.ShortName, n))
               && All("id", id => record.Id.StartsWith(id, StringComparison.Ordinal))
               && Every("label", label => MatchesLabel(record.Config.Labels, label))
               && All("exited", code => !record.State.Running && record.State.Status == "exited" && record.State.ExitCode.ToString() == code)
               && All("health", h => (record.State.Health?.Status ?? "none") == h)
               && All("volume", v => record.Mounts.Any(m => m.Name == v || m.Destination == v || m.Source == v))
               && All("network", n => record.NetworkSettings.Networks.Any(e => e.Key == n || (e.Value.NetworkID.Length > 0 && e.Value.NetworkID.StartsWith(n, StringComparison.Ordinal))))
               && All("ancestor", image => record.Config.Image == image || resolveImage(image) == record.Image);
    }

    public bool MatchesPrune(ContainerRecord record) =>
        Every("label", label => MatchesLabel(record.Config.Labels, label))
        && All("until", until => Until(until) is not { } t || record.Created < t);

    static DateTimeOffset? Until(string text) =>
        DateTimeOffset.TryParse(text, out var time) ? time : DateTimeOffset.UtcNow - Durations.Parse(text, "filter");

    bool All(string key, Func<string, bool> match) => !filters.TryGetValue(key, out var values) || values.Any(match);

    /// <summary>Labels are the exception: docker wants every label filter to match (its MatchKVList), not any one.</summary>
    bool Every(string key, Func<string, bool> match) => !filters.TryGetValue(key, out var values) || values.All(match);

    public static bool MatchesLabel(IReadOnlyDictionary<string, string>? labels, string filter)
    {
        labels ??= new Dictionary<string, string>();
        var eq = filter.IndexOf('=');
        if (eq < 0) return labels.ContainsKey(filter);
        return labels.TryGetValue(filter[..eq], out var value) && value == filter[(eq + 1)..];
    }
}
