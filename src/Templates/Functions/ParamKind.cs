namespace Berth.Templates.Functions;

/// <summary>
/// The Go parameter types the builtins declare. They decide which constants an argument may be
/// (a string parameter rejects 5 with "expected string; found 5") and which values are accepted.
/// </summary>
internal enum ParamKind
{
    /// <summary>interface{}: anything, nil included.</summary>
    Any,
    String,
    Int,
    StringList,
}
