using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Images.Store;
using Berth.Sys.Errors;

namespace Berth.Images.Oci;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Manifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(ImageIndexFile))]
public sealed partial class ImagesJson : JsonSerializerContext
{
    /// <summary>Parses untrusted JSON into T, with an error naming what was being read.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw BerthException.Invalid($"{what}: empty JSON");
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"{what}: invalid JSON: {e.Message}");
        }
    }
}
