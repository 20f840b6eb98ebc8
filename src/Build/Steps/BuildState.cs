using Berth.Images.Content;
using Berth.Images.Oci;

namespace Berth.Build.Steps;

/// <summary>
/// A stage's image as it is built: its layers (DiffIDs and blob descriptors, bottom first), its run
/// config, its history, and the cache key that names everything so far.
/// </summary>
public sealed class BuildState
{
    public List<Digest> DiffIds { get; init; } = [];
    public List<Descriptor> Blobs { get; init; } = [];
    public RunConfig Config { get; set; } = new();
    public List<HistoryEntry> History { get; init; } = [];
    public string Key { get; set; } = "";
    public string Architecture { get; init; } = "amd64";
    public string Os { get; init; } = "linux";
    public string? Author { get; set; }
    /// <summary>ARGs declared in this stage, with their values (null: declared without one).</summary>
    public Dictionary<string, string?> Args { get; } = new(StringComparer.Ordinal);
    /// <summary>Whether CMD was set in this stage: ENTRYPOINT then keeps it instead of resetting it.</summary>
    public bool CmdSet { get; set; }

    public void AddLayer(Digest diffId)
    {
        DiffIds.Add(diffId);
        Blobs.Add(new Descriptor { MediaType = MediaTypes.OciLayer, Digest = diffId.Value, Size = 0 });
    }

    public string? EnvValue(string name)
    {
        foreach (var entry in Config.Env ?? [])
            if (entry.Length > name.Length && entry[name.Length] == '=' && entry.StartsWith(name, StringComparison.Ordinal)) return entry[(name.Length + 1)..];
            else if (entry == name) return "";
        return null;
    }

    public void SetEnv(string name, string value)
    {
        var env = new List<string>(Config.Env ?? []);
        var index = env.FindIndex(e => e.StartsWith(name + "=", StringComparison.Ordinal) || e == name);
        if (index >= 0) env[index] = $"{name}={value}";
        else env.Add($"{name}={value}");
        Config = Config with { Env = env };
    }
}
