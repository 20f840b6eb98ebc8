using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Images.Oci;
using Berth.Images.References;
using Berth.Images.Store;

namespace Berth.Cli;

/// <summary>docker's inspect documents, built as JSON nodes so that --format templates and JSON output share them.</summary>
public static class InspectJson
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonObject Container(ContainerRecord record)
    {
        var node = JsonSerializer.SerializeToNode(record, EngineJson.Default.ContainerRecord)!.AsObject();
        node.Remove("Berth");
        // docker writes UTC times with a "Z", as State.StartedAt has it, not the serializer's "+00:00".
        node["Created"] = Clock.Format(record.Created);
        return node;
    }

    public static JsonObject Image(Image image, string layerDiffPath, Func<string, string> diffPath)
    {
        var config = image.Config;
        var run = config.Config ?? new RunConfig();
        return new JsonObject
        {
            ["Id"] = image.Id.Value,
            ["RepoTags"] = Array(image.Tags.Select(t => ImageReference.Parse(t).Familiar)),
            ["RepoDigests"] = Array(image.Entry.RepoDigests.Select(d => ImageReference.Parse(d, defaultTag: false).Familiar)),
            ["Parent"] = "",
            ["Comment"] = config.Comment ?? "",
            ["Created"] = config.Created is { } created ? Clock.Format(created) : "0001-01-01T00:00:00Z",
            ["Container"] = config.Container ?? "",
            ["DockerVersion"] = config.DockerVersion ?? "",
            ["Author"] = config.Author ?? "",
            ["Config"] = new JsonObject
            {
                ["Hostname"] = "", ["Domainname"] = "", ["User"] = run.User ?? "",
                ["AttachStdin"] = false, ["AttachStdout"] = false, ["AttachStderr"] = false,
                ["ExposedPorts"] = Set(run.ExposedPorts), ["Tty"] = false, ["OpenStdin"] = false, ["StdinOnce"] = false,
                ["Env"] = NullableArray(run.Env), ["Cmd"] = NullableArray(run.Cmd), ["Healthcheck"] = Health(run.Healthcheck),
                ["ArgsEscaped"] = run.ArgsEscaped, ["Image"] = "", ["Volumes"] = Set(run.Volumes),
                ["WorkingDir"] = run.WorkingDir ?? "", ["Entrypoint"] = NullableArray(run.Entrypoint),
                ["OnBuild"] = NullableArray(run.OnBuild), ["Labels"] = Map(run.Labels), ["StopSignal"] = run.StopSignal,
                ["Shell"] = NullableArray(run.Shell),
            },
            ["Architecture"] = config.Architecture,
            ["Variant"] = config.Variant,
            ["Os"] = config.Os,
            ["Size"] = image.Entry.Size,
            ["VirtualSize"] = image.Entry.Size,
            ["GraphDriver"] = new JsonObject
            {
                ["Data"] = new JsonObject
                {
                    ["LowerDir"] = string.Join(':', image.DiffIds.Reverse().Skip(1).Select(d => diffPath(d.Value))),
                    ["MergedDir"] = "",
                    ["UpperDir"] = layerDiffPath,
                    ["WorkDir"] = "",
                },
                ["Name"] = "overlay2",
            },
            ["RootFS"] = new JsonObject { ["Type"] = config.RootFs.Type, ["Layers"] = Array(config.RootFs.DiffIds) },
            ["Metadata"] = new JsonObject { ["LastTagTime"] = image.Entry.LastTagTime is { } t ? Clock.Format(t) : "0001-01-01T00:00:00Z" },
        };
    }

    static JsonArray Array(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
    static JsonArray? NullableArray(IEnumerable<string>? items) => items is null ? null : Array(items);

    static JsonObject? Set(Dictionary<string, EmptyObject>? set)
    {
        if (set is null) return null;
        var node = new JsonObject();
        foreach (var key in set.Keys) node[key] = new JsonObject();
        return node;
    }

    static JsonObject? Map(Dictionary<string, string>? map)
    {
        if (map is null) return null;
        var node = new JsonObject();
        foreach (var (key, value) in map) node[key] = value;
        return node;
    }

    static JsonObject? Health(HealthConfig? health) => health is null ? null : new JsonObject
    {
        ["Test"] = NullableArray(health.Test), ["Interval"] = health.Interval, ["Timeout"] = health.Timeout,
        ["StartPeriod"] = health.StartPeriod, ["StartInterval"] = health.StartInterval, ["Retries"] = health.Retries,
    };

    public static JsonObject Volume(Engine.Volumes.VolumeRecord volume) =>
        JsonSerializer.SerializeToNode(volume, EngineJson.Default.VolumeRecord)!.AsObject();
}
