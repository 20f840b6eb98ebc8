using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Sys.Errors;

namespace Berth.Runtime.Spec;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(OciSpec))]
[JsonSerializable(typeof(InitFailure))]
[JsonSerializable(typeof(ContainerRuntimeState))]
public sealed partial class RuntimeJson : JsonSerializerContext
{
    public static OciSpec ReadSpec(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), Default.OciSpec)
                   ?? throw BerthException.Invalid($"{path}: empty runtime spec");
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"{path}: invalid runtime spec: {e.Message}");
        }
    }

    public static byte[] Serialize(OciSpec spec) => JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeJsonWriter.Default.OciSpec);
}
