using System.Text.Json.Serialization;

namespace Berth.Seccomp;

/// <summary>
/// Reflection-free JSON for the OCI seccomp types (the binary is NativeAOT). Compact output with a fixed
/// property order, so the same profile always serializes to the same bytes: the cache keys on them.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LinuxSeccomp))]
public sealed partial class SeccompJsonContext : JsonSerializerContext;
