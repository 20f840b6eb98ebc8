using Berth.Runtime.Launch;
using Berth.Sys.Errors;

namespace Berth.Cli;

/// <summary>
/// The one place errors become exit codes, as docker's CLI has them: 125 when `run`/`create` fail
/// in berth itself, 126 when the command can't be executed, 127 when it doesn't exist, 1 for other verbs.
/// </summary>
public static class ExitCodes
{
    public const int Usage = 125;

    public static int For(BerthException error, string verb)
    {
        if (error is StartFailedException failed && failed.ExitCode is 126 or 127) return failed.ExitCode;
        return error.Kind switch
        {
            ErrorKind.CannotExecute => 126,
            ErrorKind.CommandNotFound => 127,
            _ when verb is "run" or "create" => 125,
            _ => 1,
        };
    }
}
