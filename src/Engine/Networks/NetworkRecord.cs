namespace Berth.Engine.Networks;

/// <summary>A network as berth stores it (networks/ID.json); `network inspect` renders it docker's way.</summary>
public sealed record NetworkRecord
{
    public string Name { get; init; } = "";
    public string Id { get; init; } = "";
    public string Created { get; init; } = "";
    /// <summary>bridge, host or null, as docker names its drivers.</summary>
    public string Driver { get; init; } = "bridge";
    /// <summary>The Linux bridge: berth0 for the default network, br-ID12 for the others.</summary>
    public string BridgeName { get; init; } = "";
    public string Subnet { get; init; } = "";
    public string Gateway { get; init; } = "";
    public bool Internal { get; init; }
    public Dictionary<string, string> Labels { get; init; } = [];

    /// <summary>Only user-defined bridges resolve container names, as in docker.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasDns => Driver == "bridge" && Name != NetworkStore.DefaultBridgeName;
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsPredefined => Name is NetworkStore.DefaultBridgeName or "host" or "none";
    [System.Text.Json.Serialization.JsonIgnore]
    public string ShortId => Id[..12];
    [System.Text.Json.Serialization.JsonIgnore]
    public Network.Subnet ParsedSubnet => Network.Subnet.Parse(Subnet);
}
