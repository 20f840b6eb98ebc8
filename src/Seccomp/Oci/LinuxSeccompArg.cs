using System.Text.Json.Serialization;

namespace Berth.Seccomp;

/// <summary>A condition on one syscall argument: <c>args[Index] Op Value</c> (MASKED_EQ: <c>(arg &amp; Value) == ValueTwo</c>).</summary>
public sealed record LinuxSeccompArg
{
    /// <summary>The argument's position, 0 to 5.</summary>
    public uint Index { get; init; }

    public ulong Value { get; init; }

    /// <summary>Only SCMP_CMP_MASKED_EQ reads it; the spec omits it when zero.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong ValueTwo { get; init; }

    /// <summary>An <c>SCMP_CMP_*</c> name; see <see cref="SeccompOperators"/>.</summary>
    public required string Op { get; init; }
}
