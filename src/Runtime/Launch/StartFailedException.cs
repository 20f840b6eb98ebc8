using Berth.Sys.Errors;

namespace Berth.Runtime.Launch;

/// <summary>init or exec-init could not exec the command: docker's 126/127, or 125 for a setup failure.</summary>
public sealed class StartFailedException(int exitCode, string message)
    : BerthException(exitCode switch { 126 => ErrorKind.CannotExecute, 127 => ErrorKind.CommandNotFound, _ => ErrorKind.Internal }, message)
{
    public int ExitCode { get; } = exitCode;
}
