using System.Diagnostics.CodeAnalysis;

namespace Berth.Templates.Functions;

/// <summary>
/// The functions templates can call: Go's text/template builtins (without call) and the ones the
/// docker CLI adds for --format (json, join, split, title, lower, upper, pad, truncate).
/// </summary>
internal static class Builtins
{
    private static readonly Dictionary<string, BuiltinFunction> Table = Create();

    public static bool TryGet(string name, [MaybeNullWhen(false)] out BuiltinFunction function) =>
        Table.TryGetValue(name, out function);

    private static Dictionary<string, BuiltinFunction> Create()
    {
        const ParamKind Any = ParamKind.Any;
        const ParamKind Str = ParamKind.String;
        const ParamKind Int = ParamKind.Int;
        BuiltinFunction[] all =
        [
            BuiltinFunction.ShortCircuit("and"),
            BuiltinFunction.ShortCircuit("or"),
            BuiltinFunction.Fixed("not", [Any], a => !Values.GoValue.IsTrue(a[0])),
            BuiltinFunction.Fixed("len", [Any], a => CollectionFunctions.Length(a[0])),
            BuiltinFunction.WithVariadic("index", [Any], Any, a => CollectionFunctions.Index(a[0], a.AsSpan(1))),
            BuiltinFunction.WithVariadic("slice", [Any], Any, a => CollectionFunctions.Slice(a[0], a.AsSpan(1))),
            BuiltinFunction.WithVariadic("print", [], Any, a => Formatting.GoPrinter.Sprint(a)),
            BuiltinFunction.WithVariadic("printf", [Str], Any, a => Formatting.GoPrinter.Sprintf((string)a[0]!, a.AsSpan(1))),
            BuiltinFunction.WithVariadic("println", [], Any, a => Formatting.GoPrinter.Sprintln(a)),
            BuiltinFunction.WithVariadic("html", [], Any, a => EscapeFunctions.Html(a)),
            BuiltinFunction.WithVariadic("js", [], Any, a => EscapeFunctions.JavaScript(a)),
            BuiltinFunction.WithVariadic("urlquery", [], Any, a => EscapeFunctions.UrlQuery(a)),
            BuiltinFunction.WithVariadic("eq", [Any], Any, a => Comparisons.Equal(a[0], a.AsSpan(1))),
            BuiltinFunction.Fixed("ne", [Any, Any], a => !Comparisons.Equal(a[0], a.AsSpan(1))),
            BuiltinFunction.Fixed("lt", [Any, Any], a => Comparisons.Less(a[0], a[1])),
            BuiltinFunction.Fixed("le", [Any, Any], a => Comparisons.LessOrEqual(a[0], a[1])),
            BuiltinFunction.Fixed("gt", [Any, Any], a => !Comparisons.LessOrEqual(a[0], a[1])),
            BuiltinFunction.Fixed("ge", [Any, Any], a => !Comparisons.Less(a[0], a[1])),
            BuiltinFunction.Fixed("json", [Any], a => DockerFunctions.Json(a[0])),
            BuiltinFunction.Fixed("join", [ParamKind.StringList, Str], a => DockerFunctions.Join(a[0], (string)a[1]!)),
            BuiltinFunction.Fixed("split", [Str, Str], a => DockerFunctions.Split((string)a[0]!, (string)a[1]!)),
            BuiltinFunction.Fixed("title", [Str], a => DockerFunctions.Title((string)a[0]!)),
            BuiltinFunction.Fixed("lower", [Str], a => ((string)a[0]!).ToLowerInvariant()),
            BuiltinFunction.Fixed("upper", [Str], a => ((string)a[0]!).ToUpperInvariant()),
            BuiltinFunction.Fixed("pad", [Str, Int, Int], a => DockerFunctions.Pad((string)a[0]!, (long)a[1]!, (long)a[2]!)),
            BuiltinFunction.Fixed("truncate", [Str, Int], a => DockerFunctions.Truncate((string)a[0]!, (long)a[1]!)),
        ];
        var table = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        foreach (var function in all) table.Add(function.Name, function);
        return table;
    }
}
