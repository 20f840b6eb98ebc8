using System.Text.Json.Serialization;

namespace Berth.Runtime.Spec;

/// <summary>Write-only fast path for config.json: `run` writes one spec and never reads one back.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(OciSpec))]
public sealed partial class RuntimeJsonWriter : JsonSerializerContext;
