using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>
/// The containers `stats` shows, looked up afresh for every frame: the named ones, or all running
/// ones (all with -a), so that a stream picks up containers that start and drops ones that go.
/// </summary>
sealed class StatsTargets(ContainerStore store, IReadOnlyList<string> names, bool all)
{
    readonly List<(string Id, string Name)> _named = [];

    /// <summary>Fails like docker when a named container does not exist.</summary>
    public void Check()
    {
        foreach (var name in names) _named.Add((store.Get(name).Id, name));
    }

    public List<ContainerRecord> Current()
    {
        if (names.Count > 0) return _named.Select(n => store.TryLoad(n.Id)).OfType<ContainerRecord>().ToList();
        return store.List()
            .Where(r => all || r.State.Running)
            .OrderByDescending(r => r.Created)
            .ToList();
    }

    /// <summary>docker's .Container: the name as given, or the full ID when listing.</summary>
    public string ShownAs(ContainerRecord record) => _named.FirstOrDefault(n => n.Id == record.Id).Name ?? record.Id;
}
