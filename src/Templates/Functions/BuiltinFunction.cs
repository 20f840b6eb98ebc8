namespace Berth.Templates.Functions;

/// <summary>A function callable from templates, with the Go signature its arguments are checked against.</summary>
internal sealed class BuiltinFunction
{
    private readonly Func<object?[], object?>? _body;

    private BuiltinFunction(string name, ParamKind[] fixedParams, ParamKind? variadic, Func<object?[], object?>? body)
    {
        Name = name;
        FixedParameters = fixedParams;
        VariadicParameter = variadic;
        _body = body;
    }

    public string Name { get; }

    /// <summary>The parameters before the variadic tail (all of them for a non-variadic function).</summary>
    public ParamKind[] FixedParameters { get; }

    /// <summary>The element type of a trailing ...parameter, or null.</summary>
    public ParamKind? VariadicParameter { get; }

    /// <summary>and/or: evaluated lazily by the executor, stopping at the first decisive argument.</summary>
    public bool IsShortCircuit => _body == null;

    public static BuiltinFunction Fixed(string name, ParamKind[] parameters, Func<object?[], object?> body) =>
        new(name, parameters, null, body);

    public static BuiltinFunction WithVariadic(string name, ParamKind[] fixedParams, ParamKind variadic, Func<object?[], object?> body) =>
        new(name, fixedParams, variadic, body);

    public static BuiltinFunction ShortCircuit(string name) =>
        new(name, [ParamKind.Any], ParamKind.Any, null);

    /// <summary>Runs the function on arguments already checked against its signature.</summary>
    public object? Invoke(object?[] args) => _body!(args);
}
