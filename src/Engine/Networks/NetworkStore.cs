using System.Text.Json;
using Berth.Network;
using Berth.Sys.Errors;
using Berth.Sys.Files;

namespace Berth.Engine.Networks;

/// <summary>
/// The networks of a root: networks/ID.json each, created under networks/.lock. The predefined
/// "bridge", "host" and "none" are written on first use, as dockerd does at start.
/// </summary>
public sealed class NetworkStore(BerthPaths paths)
{
    public const string DefaultBridgeName = "bridge";
    public const string DefaultBridgeDevice = "berth0";
    public const int Mtu = 1500;

    string Dir => Path.Combine(paths.Root, "networks");
    string RecordPath(string id) => Path.Combine(Dir, id + ".json");

    public List<NetworkRecord> List()
    {
        EnsurePredefined();
        return Directory.EnumerateFiles(Dir, "*.json").Select(Read).OfType<NetworkRecord>().OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>By full name, full ID or a unique ID prefix, as docker looks networks up.</summary>
    public NetworkRecord? TryGet(string nameOrId)
    {
        // A full ID (what a container's record holds) is one file: no need to read every network's.
        if (nameOrId.Length == 64 && nameOrId.All(char.IsAsciiHexDigitLower) && Read(RecordPath(nameOrId)) is { } byId) return byId;
        var all = List();
        return all.FirstOrDefault(n => n.Name == nameOrId) ?? all.FirstOrDefault(n => n.Id == nameOrId)
            ?? (all.Where(n => n.Id.StartsWith(nameOrId, StringComparison.Ordinal)).ToList() is [var only] && nameOrId.Length > 0 ? only : null);
    }

    public NetworkRecord Get(string nameOrId) => TryGet(nameOrId) ?? throw BerthException.NotFound($"network {nameOrId} not found");

    public NetworkRecord Create(string name, string? subnet, string? gateway, bool @internal, Dictionary<string, string> labels)
    {
        if (!Containers.NameRegistry.IsValid(name)) throw BerthException.Invalid($"invalid network name \"{name}\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        EnsurePredefined();
        using var locked = FileLock.Acquire(Path.Combine(Dir, ".lock"));
        var existing = List();
        if (existing.Any(n => n.Name == name)) throw BerthException.Conflict($"network with name {name} already exists");
        var chosen = subnet is null ? SubnetChooser.Choose(existing) : Network.Subnet.Parse(subnet);
        if (subnet is not null) SubnetChooser.RefuseOverlap(chosen, existing);
        var gatewayAddress = gateway is null ? chosen.Network + 1 : Ipv4.Parse(gateway, "gateway");
        if (!chosen.Contains(gatewayAddress) || gatewayAddress == chosen.Network || gatewayAddress == chosen.Broadcast)
            throw BerthException.Invalid($"gateway {Ipv4.Format(gatewayAddress)} is not a host address of subnet {chosen}");
        var id = Sys.Interop.SecureRandom.Hex64();
        var record = new NetworkRecord
        {
            Name = name,
            Id = id,
            Created = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz"),
            BridgeName = "br-" + id[..12],
            Subnet = chosen.ToString(),
            Gateway = Ipv4.Format(gatewayAddress),
            Internal = @internal,
            Labels = labels,
        };
        Write(record);
        return record;
    }

    public void Remove(NetworkRecord network) => File.Delete(RecordPath(network.Id));

    void EnsurePredefined()
    {
        if (File.Exists(Path.Combine(Dir, ".predefined"))) return;
        Directory.CreateDirectory(Dir);
        using var locked = FileLock.Acquire(Path.Combine(Dir, ".lock"));
        if (File.Exists(Path.Combine(Dir, ".predefined"))) return;
        var now = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz");
        var bridge = DefaultBridge.Subnet();
        Write(new NetworkRecord { Name = DefaultBridgeName, Id = Sys.Interop.SecureRandom.Hex64(), Created = now, BridgeName = DefaultBridgeDevice, Subnet = bridge.ToString(), Gateway = Ipv4.Format(bridge.Network + 1) });
        Write(new NetworkRecord { Name = "host", Id = Sys.Interop.SecureRandom.Hex64(), Created = now, Driver = "host" });
        Write(new NetworkRecord { Name = "none", Id = Sys.Interop.SecureRandom.Hex64(), Created = now, Driver = "null" });
        File.WriteAllBytes(Path.Combine(Dir, ".predefined"), []);
    }

    void Write(NetworkRecord record) => AtomicFile.Write(RecordPath(record.Id), JsonSerializer.SerializeToUtf8Bytes(record, EngineJson.Default.NetworkRecord));

    static NetworkRecord? Read(string path)
    {
        try { return EngineJson.Read(path, EngineJson.Default.NetworkRecord); }
        catch (BerthException) { return null; }
        catch (IOException) { return null; }
    }
}
