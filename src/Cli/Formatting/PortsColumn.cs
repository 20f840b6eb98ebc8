using Berth.Engine.Containers;

namespace Berth.Cli;

/// <summary>ps's PORTS column as docker writes it: "0.0.0.0:8000-8999->8000-8999/tcp", consecutive ports merged into ranges.</summary>
static class PortsColumn
{
    public static string Format(NetworkSettings settings)
    {
        var entries = new List<(string Ip, int Host, int Container, string Protocol)>();
        var unpublished = new List<(int, string)>();
        foreach (var (key, bindings) in settings.Ports)
        {
            var slash = key.IndexOf('/');
            if (!int.TryParse(slash < 0 ? key : key[..slash], out var port)) continue;
            var protocol = slash < 0 ? "tcp" : key[(slash + 1)..];
            if (bindings is null || bindings.Count == 0) unpublished.Add((port, protocol));
            else foreach (var b in bindings) entries.Add((b.HostIp, int.TryParse(b.HostPort, out var h) ? h : 0, port, protocol));
        }
        var parts = new List<string>();
        foreach (var group in entries.OrderBy(e => e.Protocol, StringComparer.Ordinal).ThenBy(e => e.Ip, StringComparer.Ordinal).ThenBy(e => e.Container).GroupBy(e => (e.Ip, e.Protocol)))
        {
            var list = group.ToList();
            for (var i = 0; i < list.Count;)
            {
                var j = i;
                while (j + 1 < list.Count && list[j + 1].Container == list[j].Container + 1 && list[j + 1].Host == list[j].Host + 1) j++;
                parts.Add(j == i
                    ? $"{list[i].Ip}:{list[i].Host}->{list[i].Container}/{list[i].Protocol}"
                    : $"{list[i].Ip}:{list[i].Host}-{list[j].Host}->{list[i].Container}-{list[j].Container}/{list[i].Protocol}");
                i = j + 1;
            }
        }
        parts.AddRange(unpublished.OrderBy(u => u.Item1).Select(u => $"{u.Item1}/{u.Item2}"));
        return string.Join(", ", parts);
    }
}
