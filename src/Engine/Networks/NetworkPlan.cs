using System.Text.Json;
using Berth.Network.Ports;
using Berth.Sys.Files;
using Berth.Sys.Interop;

namespace Berth.Engine.Networks;

/// <summary>One network a container joins at start, with what it is known by there.</summary>
public sealed record PlannedNetwork(string Name, string Id, string Bridge, string Subnet, string Gateway, bool Internal, bool Dns, List<string> Names, List<string> Aliases, string RequestedAddress);

/// <summary>
/// What the monitor must set up for a container's network, written by `start` next to config.json
/// (network-plan.json): the CLI has the typed record and the network store; the monitor only reads
/// this small file, and does the work whose life is the container's (leases, veths, rules, names).
/// </summary>
public sealed record NetworkPlan
{
    public const string FileName = "network-plan.json";
    public List<PlannedNetwork> Networks { get; init; } = [];
    public List<PortMapping> Ports { get; init; } = [];
    public string Hostname { get; init; } = "";
    /// <summary>/etc/hosts without the container's own addresses, which the monitor adds once leased.</summary>
    public string HostsBase { get; init; } = "";
    /// <summary>Where names that are not containers are forwarded: the host's resolvers.</summary>
    public List<string> Upstreams { get; init; } = [];

    public bool ServesDns => Networks.Any(n => n.Dns);

    public void Write(string bundle)
    {
        AtomicFile.WriteJson(Path.Combine(bundle, FileName), json =>
        {
            json.WriteStartObject();
            json.WriteString("Hostname", Hostname);
            json.WriteString("HostsBase", HostsBase);
            json.WriteStrings("Upstreams", Upstreams);
            json.WriteStrings("Ports", Ports.Select(p => p.ToString()));
            json.WriteStartArray("Networks");
            foreach (var n in Networks)
            {
                json.WriteStartObject();
                json.WriteString("Name", n.Name);
                json.WriteString("Id", n.Id);
                json.WriteString("Bridge", n.Bridge);
                json.WriteString("Subnet", n.Subnet);
                json.WriteString("Gateway", n.Gateway);
                json.WriteBoolean("Internal", n.Internal);
                json.WriteBoolean("Dns", n.Dns);
                json.WriteStrings("Names", n.Names);
                json.WriteStrings("Aliases", n.Aliases);
                json.WriteString("RequestedAddress", n.RequestedAddress);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    public static NetworkPlan? TryRead(string bundle)
    {
        if (Libc.TryReadFile(Path.Combine(bundle, FileName)) is not { } bytes) return null;
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        return new NetworkPlan
        {
            Hostname = root.GetProperty("Hostname").GetString() ?? "",
            HostsBase = root.GetProperty("HostsBase").GetString() ?? "",
            Upstreams = Strings(root, "Upstreams"),
            Ports = Strings(root, "Ports").Select(PortMapping.FromString).ToList(),
            Networks = root.GetProperty("Networks").EnumerateArray().Select(n => new PlannedNetwork(
                n.GetProperty("Name").GetString()!, n.GetProperty("Id").GetString()!, n.GetProperty("Bridge").GetString()!,
                n.GetProperty("Subnet").GetString()!, n.GetProperty("Gateway").GetString()!, n.GetProperty("Internal").GetBoolean(),
                n.GetProperty("Dns").GetBoolean(), Strings(n, "Names"), Strings(n, "Aliases"), n.GetProperty("RequestedAddress").GetString() ?? "")).ToList(),
        };
    }

    static List<string> Strings(JsonElement element, string name) => element.GetProperty(name).EnumerateArray().Select(e => e.GetString() ?? "").ToList();

    public NetworkRecord RecordOf(PlannedNetwork n) => new() { Name = n.Name, Id = n.Id, BridgeName = n.Bridge, Subnet = n.Subnet, Gateway = n.Gateway, Internal = n.Internal };
}
