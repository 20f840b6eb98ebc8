using System.Text.Json;
using Berth.Engine.Containers;
using Berth.Network.Ports;

namespace Berth.Engine.Networks;

/// <summary>Reads what the monitor recorded about a running container's network (network-state.json) into its record, as inspect shows it.</summary>
public static class NetworkState
{
    public static ContainerRecord MergeInto(BerthPaths paths, ContainerRecord record)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(Path.Combine(paths.RunDir(record.Id), EndpointState.FileName)); }
        catch (IOException) { return record; }
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        var networks = new Dictionary<string, EndpointSettings>(record.NetworkSettings.Networks);
        EndpointSettings? first = null;
        foreach (var e in root.GetProperty("Endpoints").EnumerateArray())
        {
            var name = e.GetProperty("Network").GetString()!;
            var endpoint = (networks.GetValueOrDefault(name) ?? new EndpointSettings()) with
            {
                NetworkID = e.GetProperty("NetworkID").GetString()!,
                EndpointID = e.GetProperty("EndpointID").GetString()!,
                IPAddress = e.GetProperty("IPAddress").GetString()!,
                IPPrefixLen = e.GetProperty("IPPrefixLen").GetInt32(),
                Gateway = e.GetProperty("Gateway").GetString()!,
                MacAddress = e.GetProperty("MacAddress").GetString()!,
            };
            networks[name] = endpoint;
            first ??= endpoint;
        }
        var ports = new Dictionary<string, List<PortBinding>?>();
        foreach (var port in (record.Config.ExposedPorts ?? []).Keys) ports[port] = null;
        foreach (var text in root.GetProperty("Ports").EnumerateArray())
        {
            var m = PortMapping.FromString(text.GetString()!);
            for (var i = 0; i < m.Count; i++)
            {
                var key = $"{m.ContainerFirst + i}/{m.Protocol}";
                var list = ports.GetValueOrDefault(key) ?? [];
                list.Add(new PortBinding(m.HostIp.Length > 0 ? m.HostIp : "0.0.0.0", (m.HostFirst + i).ToString()));
                ports[key] = list;
            }
        }
        return record with
        {
            NetworkSettings = record.NetworkSettings with
            {
                Networks = networks,
                Ports = ports,
                IPAddress = record.HostConfig.NetworkMode == "default" ? first?.IPAddress ?? "" : "",
                Gateway = record.HostConfig.NetworkMode == "default" ? first?.Gateway ?? "" : "",
                MacAddress = record.HostConfig.NetworkMode == "default" ? first?.MacAddress ?? "" : "",
                SandboxKey = record.State.Pid > 0 ? $"/proc/{record.State.Pid}/ns/net" : "",
            },
        };
    }
}
