namespace Berth.Sys.Errors;

/// <summary>What went wrong, in docker's terms; the CLI turns it into an exit code in one place.</summary>
public enum ErrorKind
{
    /// <summary>berth itself failed: a system call, a corrupt store.</summary>
    Internal,
    /// <summary>The user asked for something malformed: a flag value, a reference, a size.</summary>
    InvalidArgument,
    /// <summary>No such image, container, volume or file.</summary>
    NotFound,
    /// <summary>A name is taken, an image is in use, a container is in the wrong state.</summary>
    Conflict,
    /// <summary>The container's command exists but cannot be executed (docker's 126).</summary>
    CannotExecute,
    /// <summary>The container's command does not exist (docker's 127).</summary>
    CommandNotFound,
}

/// <summary>The one exception family: a message that reads as one line for the user.</summary>
public class BerthException : Exception
{
    public ErrorKind Kind { get; }

    public BerthException(ErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    public static BerthException NotFound(string message) => new(ErrorKind.NotFound, message);
    public static BerthException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
    public static BerthException Conflict(string message) => new(ErrorKind.Conflict, message);
    public static BerthException Internal(string message, Exception? inner = null) => new(ErrorKind.Internal, message, inner);
}
