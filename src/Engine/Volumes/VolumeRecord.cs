namespace Berth.Engine.Volumes;

/// <summary>A named volume, as `volume inspect` shows it.</summary>
public sealed record VolumeRecord
{
    public string CreatedAt { get; init; } = "";
    public string Driver { get; init; } = "local";
    public Dictionary<string, string> Labels { get; init; } = [];
    public string Mountpoint { get; init; } = "";
    public string Name { get; init; } = "";
    public Dictionary<string, string> Options { get; init; } = [];
    public string Scope { get; init; } = "local";

    public const string AnonymousLabel = "com.docker.volume.anonymous";
    public bool IsAnonymous => Labels.ContainsKey(AnonymousLabel);
}
