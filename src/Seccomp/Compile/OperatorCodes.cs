using Berth.Sys.Errors;

namespace Berth.Seccomp;

/// <summary>Runtime-spec comparison names to libseccomp's <c>enum scmp_compare</c>.</summary>
internal static class OperatorCodes
{
    public static int Parse(string op, string where) => op switch
    {
        SeccompOperators.NotEqual => 1,
        SeccompOperators.LessThan => 2,
        SeccompOperators.LessOrEqual => 3,
        SeccompOperators.Equal => 4,
        SeccompOperators.GreaterOrEqual => 5,
        SeccompOperators.GreaterThan => 6,
        SeccompOperators.MaskedEqual => 7,
        _ => throw BerthException.Invalid($"seccomp profile: {where}: unknown operator \"{op}\""),
    };
}
