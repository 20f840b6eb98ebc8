using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Seccomp;

/// <summary>
/// Reflection-free JSON for docker-format profiles. Reading is as forgiving as dockerd's Go decoder: keys match
/// without regard to case and unknown keys (such as "comment" at any level) are ignored.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(DockerProfile))]
internal sealed partial class DockerProfileJsonContext : JsonSerializerContext;
