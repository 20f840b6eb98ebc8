using Berth.Engine.Containers;
using Berth.Sys.Files;

namespace Berth.Engine.Lifecycle;

/// <summary>/etc/hostname, /etc/hosts and /etc/resolv.conf for a container, written as docker writes them.</summary>
static class NetworkFiles
{
    public static NetworkSettings Settings(string networkMode) => new()
    {
        Networks = networkMode is "host" or "none" ? new() { [networkMode] = new EndpointSettings() } : new() { ["none"] = new EndpointSettings() },
    };

    public static void Write(BerthPaths paths, ContainerRecord record)
    {
        var host = record.HostConfig;
        var hostname = record.Config.Hostname;
        AtomicFile.WriteText(paths.HostnamePath(record.Id), hostname + "\n");
        var hosts = host.NetworkMode == "host" && File.Exists("/etc/hosts")
            ? File.ReadAllText("/etc/hosts")
            : "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";
        foreach (var extra in host.ExtraHosts ?? [])
        {
            var colon = extra.IndexOf(':');
            if (colon > 0) hosts += $"{extra[(colon + 1)..]}\t{extra[..colon]}\n";
        }
        AtomicFile.WriteText(paths.HostsPath(record.Id), hosts);
        AtomicFile.WriteText(paths.ResolvConfPath(record.Id), ResolvConf(host));
    }

    /// <summary>The host's resolvers, minus loopback ones a container cannot reach; Google's if none are left, as docker does.</summary>
    static string ResolvConf(HostConfig host)
    {
        var lines = File.Exists("/etc/resolv.conf") ? File.ReadAllLines("/etc/resolv.conf").ToList() : [];
        var servers = host.Dns?.ToList() ?? lines.Where(l => l.StartsWith("nameserver")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "")
            .Where(s => s.Length > 0 && (host.NetworkMode == "host" || !(s.StartsWith("127.") || s == "::1"))).ToList();
        if (servers.Count == 0 && host.NetworkMode != "none") servers = ["8.8.8.8", "8.8.4.4"];
        var search = host.DnsSearch ?? lines.Where(l => l.StartsWith("search ")).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)).ToList();
        var options = lines.Where(l => l.StartsWith("options ")).ToList();
        var text = string.Concat(servers.Select(s => $"nameserver {s}\n"));
        if (search.Count > 0) text += $"search {string.Join(' ', search)}\n";
        text += string.Concat(options.Select(o => o + "\n"));
        return text;
    }
}
