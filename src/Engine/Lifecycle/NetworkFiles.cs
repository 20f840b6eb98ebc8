using Berth.Engine.Containers;
using Berth.Sys.Files;

namespace Berth.Engine.Lifecycle;

/// <summary>/etc/hostname, /etc/hosts and /etc/resolv.conf for a container, written as docker writes them.</summary>
public static class NetworkFiles
{
    /// <summary>The endpoints a new container starts with: its network under its name, with its aliases.</summary>
    public static NetworkSettings Settings(string networkMode, string networkId = "", List<string>? aliases = null, string? address = null) => new()
    {
        Networks = networkMode switch
        {
            "host" or "none" => new() { [networkMode] = new EndpointSettings() },
            _ when networkMode.StartsWith("container:", StringComparison.Ordinal) => [],
            "default" => new() { [Networks.NetworkStore.DefaultBridgeName] = new EndpointSettings { NetworkID = networkId, RequestedAddress = address } },
            _ => new() { [networkMode] = new EndpointSettings { NetworkID = networkId, Aliases = aliases is { Count: > 0 } ? aliases : null, RequestedAddress = address } },
        },
    };

    /// <param name="embeddedDns">The container is on a user-defined network: resolv.conf names the monitor's responder.</param>
    public static void Write(BerthPaths paths, ContainerRecord record, bool embeddedDns)
    {
        var host = record.HostConfig;
        AtomicFile.WriteText(paths.HostnamePath(record.Id), record.Config.Hostname + "\n");
        AtomicFile.WriteText(paths.HostsPath(record.Id), BaseHosts(host, hostGateway: null));
        AtomicFile.WriteText(paths.ResolvConfPath(record.Id), ResolvConf(host, embeddedDns));
    }

    /// <summary>/etc/hosts without the container's own address; host-gateway is the network's gateway (the host's loopback on the host network).</summary>
    public static string BaseHosts(HostConfig host, string? hostGateway)
    {
        var hosts = host.NetworkMode == "host" && File.Exists("/etc/hosts")
            ? File.ReadAllText("/etc/hosts")
            : "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";
        foreach (var extra in host.ExtraHosts ?? [])
        {
            var colon = extra.IndexOf(':');
            if (colon <= 0) continue;
            var address = extra[(colon + 1)..];
            if (address == "host-gateway") address = hostGateway ?? "127.0.0.1";
            hosts += $"{address}\t{extra[..colon]}\n";
        }
        return hosts;
    }

    /// <summary>The host's resolvers, as /etc/resolv.conf lists them.</summary>
    public static List<string> HostResolvers() =>
        (File.Exists("/etc/resolv.conf") ? File.ReadAllLines("/etc/resolv.conf") : [])
        .Where(l => l.StartsWith("nameserver")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "").Where(s => s.Length > 0).ToList();

    /// <summary>
    /// The host's resolvers, minus loopback ones a container cannot reach; Google's if none are left, as
    /// docker does. On a user-defined network, the embedded responder, which forwards to the host's.
    /// </summary>
    static string ResolvConf(HostConfig host, bool embeddedDns)
    {
        var lines = File.Exists("/etc/resolv.conf") ? File.ReadAllLines("/etc/resolv.conf").ToList() : [];
        var servers = embeddedDns ? [Networks.DnsResponder.Address] : host.Dns?.ToList() ?? HostResolvers()
            .Where(s => host.NetworkMode == "host" || !(s.StartsWith("127.") || s == "::1")).ToList();
        if (servers.Count == 0 && host.NetworkMode != "none") servers = ["8.8.8.8", "8.8.4.4"];
        var search = host.DnsSearch ?? lines.Where(l => l.StartsWith("search ")).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)).ToList();
        var options = lines.Where(l => l.StartsWith("options ")).ToList();
        if (embeddedDns) options = ["options ndots:0"];
        var text = string.Concat(servers.Select(s => $"nameserver {s}\n"));
        if (search.Count > 0) text += $"search {string.Join(' ', search)}\n";
        text += string.Concat(options.Select(o => o + "\n"));
        return text;
    }
}
