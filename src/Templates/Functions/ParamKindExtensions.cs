namespace Berth.Templates.Functions;

internal static class ParamKindExtensions
{
    /// <summary>The Go type name used in argument errors.</summary>
    public static string GoName(this ParamKind kind) => kind switch
    {
        ParamKind.String => "string",
        ParamKind.Int => "int",
        ParamKind.StringList => "[]string",
        _ => "interface {}",
    };

    /// <summary>Whether Go lets nil stand for a value of this type (slices and interfaces: yes).</summary>
    public static bool CanBeNil(this ParamKind kind) => kind is ParamKind.Any or ParamKind.StringList;
}
