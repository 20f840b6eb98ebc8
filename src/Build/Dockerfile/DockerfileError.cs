using Berth.Sys.Errors;

namespace Berth.Build.Dockerfile;

/// <summary>A Dockerfile problem, named by file and line, with what to do about it.</summary>
public static class DockerfileError
{
    public static BerthException At(int line, string message, string? hint = null) =>
        BerthException.Invalid($"Dockerfile:{line}: {message}{(hint is null ? "" : $" ({hint})")}");
}
