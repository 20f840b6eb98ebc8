using System.Runtime.InteropServices;

namespace Berth.Sys.Errors;

/// <summary>
/// A failed system call, carrying the operation and its object so that the message reads
/// like crun's: "mount overlay on /var/lib/berth/…/rootfs: invalid argument".
/// </summary>
public sealed class SystemCallException : BerthException
{
    public int Errno { get; }
    public string Operation { get; }

    public SystemCallException(string operation, int errno)
        : base(KindOf(errno), $"{operation}: {Describe(errno)}")
    {
        Errno = errno;
        Operation = operation;
    }

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno).ToLowerInvariant();

    static ErrorKind KindOf(int errno) => errno switch
    {
        Errors.Errno.ENOENT => ErrorKind.NotFound,
        _ => ErrorKind.Internal,
    };
}
