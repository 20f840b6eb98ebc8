using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Engine.Containers;
using Berth.Engine.Volumes;
using Berth.Sys.Errors;

namespace Berth.Engine;

/// <summary>
/// berth's own state files. Nulls are written, not omitted: docker's templates see a nil field
/// as "&lt;nil&gt;", and a missing key would be an error instead.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(VolumeRecord))]
[JsonSerializable(typeof(Networks.NetworkRecord))]
public sealed partial class EngineJson : JsonSerializerContext
{
    public static T Read<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), type) ?? throw BerthException.Internal($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw BerthException.Internal($"{path} is corrupt: {e.Message}");
        }
    }
}
