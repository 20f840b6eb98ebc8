namespace Berth.Seccomp;

/// <summary>The runtime-spec argument comparison names.</summary>
public static class SeccompOperators
{
    public const string NotEqual = "SCMP_CMP_NE";
    public const string LessThan = "SCMP_CMP_LT";
    public const string LessOrEqual = "SCMP_CMP_LE";
    public const string Equal = "SCMP_CMP_EQ";
    public const string GreaterOrEqual = "SCMP_CMP_GE";
    public const string GreaterThan = "SCMP_CMP_GT";
    public const string MaskedEqual = "SCMP_CMP_MASKED_EQ";
}
