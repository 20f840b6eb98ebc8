using System.Text.Json;
using Berth.Network;
using Berth.Network.Ports;
using Berth.Sys.Files;

namespace Berth.Engine.Networks;

/// <summary>One live endpoint of a running container: enough to show it (inspect) and to undo it (release).</summary>
public sealed record LiveEndpoint(string Network, string NetworkId, string Bridge, string HostVeth, string Interface, uint Address, int PrefixLength, string Gateway, bool Internal);

/// <summary>
/// network-state.json in the run directory: the container's endpoints and published ports as they are
/// now. The monitor writes it once the container runs; `network connect`/`disconnect` change it while
/// it runs; the monitor's release undoes exactly what it lists. Read-modify-write happens under
/// network-state.lock, so a connect and the container's exit never lose each other's change.
/// </summary>
public sealed record EndpointState(List<LiveEndpoint> Endpoints, List<PortMapping> Ports)
{
    public const string FileName = "network-state.json";

    public static string PathOf(BerthPaths paths, string id) => Path.Combine(paths.RunDir(id), FileName);
    public static FileLock Lock(BerthPaths paths, string id) => FileLock.Acquire(Path.Combine(paths.RunDir(id), "network-state.lock"));

    public static EndpointState? TryRead(BerthPaths paths, string id)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(PathOf(paths, id)); }
        catch (IOException) { return null; }
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        var endpoints = root.GetProperty("Endpoints").EnumerateArray().Select(e => new LiveEndpoint(
            e.GetProperty("Network").GetString()!, e.GetProperty("NetworkID").GetString()!, Text(e, "Bridge"), e.GetProperty("EndpointID").GetString()!,
            Text(e, "Interface"), Ipv4.Parse(e.GetProperty("IPAddress").GetString()!, "endpoint address"), e.GetProperty("IPPrefixLen").GetInt32(),
            e.GetProperty("Gateway").GetString()!, e.TryGetProperty("Internal", out var i) && i.GetBoolean())).ToList();
        var ports = root.GetProperty("Ports").EnumerateArray().Select(p => PortMapping.FromString(p.GetString()!)).ToList();
        return new EndpointState(endpoints, ports);
    }

    public void Write(BerthPaths paths, string id)
    {
        AtomicFile.WriteJson(PathOf(paths, id), json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("Endpoints");
            foreach (var e in Endpoints)
            {
                json.WriteStartObject();
                json.WriteString("Network", e.Network);
                json.WriteString("NetworkID", e.NetworkId);
                json.WriteString("Bridge", e.Bridge);
                json.WriteString("EndpointID", e.HostVeth);
                json.WriteString("Interface", e.Interface);
                json.WriteString("IPAddress", Ipv4.Format(e.Address));
                json.WriteNumber("IPPrefixLen", e.PrefixLength);
                json.WriteString("Gateway", e.Gateway);
                json.WriteBoolean("Internal", e.Internal);
                json.WriteString("MacAddress", Ipv4.FormatMac(Ipv4.Mac(e.Address)));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStrings("Ports", Ports.Select(p => p.ToString()));
            json.WriteEndObject();
        });
    }

    public static void Delete(BerthPaths paths, string id) => File.Delete(PathOf(paths, id));

    static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
}
