namespace Berth.Templates.Functions;

/// <summary>
/// An error a builtin returns, like Go's (value, error) results; the executor reports it as
/// "error calling NAME: MESSAGE" at the command that made the call.
/// </summary>
internal sealed class FunctionException : Exception
{
    public FunctionException(string message) : base(message)
    {
    }
}
