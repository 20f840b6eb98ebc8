namespace Berth.Runtime.Init;

/// <summary>A failure inside init that maps to a specific exit code (126, 127) for the user.</summary>
public sealed class InitException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
