using Berth.Sys.Errors;

namespace Berth.Build;

/// <summary>A step that failed: named with its command and how it ended; the CLI prints it and exits 1.</summary>
public sealed class BuildFailedException(string message, IReadOnlyList<string> tail) : BerthException(ErrorKind.Internal, message)
{
    /// <summary>The last lines the failed command printed, for the user to see why.</summary>
    public IReadOnlyList<string> Tail { get; } = tail;
}
