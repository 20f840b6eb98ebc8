using System.Runtime.InteropServices;
using Berth.Sys.Errors;

namespace Berth.Sys.Interop;

/// <summary>
/// libc, bound at link time (DirectPInvoke) in the NativeAOT binary, so that calls keep working
/// after pivot_root, when no shared library can be found by path. Split by concern across files.
/// </summary>
public static unsafe partial class Libc
{
    const string Lib = "libc";

    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_NOCTTY = 0x100,
        O_TRUNC = 0x200, O_APPEND = 0x400, O_NONBLOCK = 0x800, O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000,
        O_CLOEXEC = 0x80000, O_PATH = 0x200000, O_TMPFILE = 0x410000;
    public const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_SYMLINK_FOLLOW = 0x400,
        AT_EMPTY_PATH = 0x1000;
    public const int F_GETFL = 3, F_SETFL = 4, F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1, F_DUPFD_CLOEXEC = 1030;

    [LibraryImport(Lib, SetLastError = true)] public static partial int close(int fd);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint read(int fd, byte* buf, nint count);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint write(int fd, byte* buf, nint count);
    [LibraryImport(Lib, SetLastError = true)] public static partial int pipe2(int* fds, int flags);
    [LibraryImport(Lib, SetLastError = true)] public static partial int dup(int fd);
    [LibraryImport(Lib, SetLastError = true)] public static partial int dup2(int fd, int target);
    [LibraryImport(Lib, SetLastError = true)] public static partial int fcntl(int fd, int cmd, int arg);
    [LibraryImport(Lib, SetLastError = true)] public static partial int ioctl(int fd, nuint request, void* arg);
    [LibraryImport(Lib, SetLastError = true)] public static partial int poll(PollFd* fds, nuint count, int timeoutMs);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, uint mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int openat(int dirfd, string path, int flags, uint mode);
    [LibraryImport(Lib, SetLastError = true)] public static partial int fsync(int fd);
    [LibraryImport(Lib, SetLastError = true)] public static partial int ftruncate(int fd, long length);
    [LibraryImport(Lib, SetLastError = true)] public static partial int socketpair(int domain, int type, int protocol, int* fds);
    [LibraryImport(Lib, SetLastError = true)] public static partial int socket(int domain, int type, int protocol);
    [LibraryImport(Lib, SetLastError = true)] public static partial int flock(int fd, int operation);
    [LibraryImport(Lib, SetLastError = true)] public static partial long syscall(long number, long a1, long a2, long a3, long a4, long a5);

    public const short POLLIN = 1, POLLPRI = 2, POLLOUT = 4, POLLERR = 8, POLLHUP = 16, POLLNVAL = 32;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd { public int Fd; public short Events; public short Revents; }

    public static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>Throws a <see cref="SystemCallException"/> naming <paramref name="operation"/> when rc is negative.</summary>
    public static int Check(int rc, string operation) =>
        rc < 0 ? throw new SystemCallException(operation, LastErrno) : rc;

    public static long Check(long rc, string operation) =>
        rc < 0 ? throw new SystemCallException(operation, LastErrno) : rc;

    /// <summary>Retries a call interrupted by a signal.</summary>
    public static int Retry(Func<int> call)
    {
        int rc;
        while ((rc = call()) < 0 && LastErrno == Errno.EINTR) { }
        return rc;
    }

    public static void WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = write(fd, p + done, data.Length - done);
                if (n < 0 && LastErrno == Errno.EINTR) continue;
                if (n < 0 && LastErrno == Errno.EAGAIN)
                {
                    // A non-blocking fd whose reader is slow: wait for room rather than fail.
                    var pollFd = new PollFd { Fd = fd, Events = POLLOUT };
                    poll(&pollFd, 1, -1);
                    continue;
                }
                if (n < 0) throw new SystemCallException($"write fd {fd}", LastErrno);
                done += (int)n;
            }
        }
    }

    /// <summary>
    /// The whole of a small file, or null if it cannot be opened or read. Absent files are routine on
    /// start-up paths (a controller the host lacks, an optional plan), and an exception costs ~0.1 ms.
    /// </summary>
    public static byte[]? TryReadFile(string path)
    {
        var fd = open(path, O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0) return null;
        try
        {
            return TryReadToEnd(fd);
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>Everything up to end of file (of a small file or pipe), or null on a read error.</summary>
    public static byte[]? TryReadToEnd(int fd)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var n = ReadSome(fd, buffer.AsSpan(length));
            if (n < 0) return null;
            if (n == 0) return buffer[..length];
            length += n;
        }
    }

    /// <summary>Reads up to buffer's length; 0 at end of file; -errno on failure, EINTR retried.</summary>
    public static int ReadSome(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = read(fd, p, buffer.Length);
                if (n >= 0) return (int)n;
                if (LastErrno != Errno.EINTR) return -LastErrno;
            }
        }
    }

    public static (int Read, int Write) Pipe(bool closeOnExec = true)
    {
        int* fds = stackalloc int[2];
        Check(pipe2(fds, closeOnExec ? O_CLOEXEC : 0), "pipe2");
        return (fds[0], fds[1]);
    }

    public static void SetNonBlocking(int fd)
    {
        var flags = Check(fcntl(fd, F_GETFL, 0), "fcntl F_GETFL");
        Check(fcntl(fd, F_SETFL, flags | O_NONBLOCK), "fcntl F_SETFL");
    }

    public static void SetCloseOnExec(int fd, bool on)
    {
        Check(fcntl(fd, F_SETFD, on ? FD_CLOEXEC : 0), "fcntl F_SETFD");
    }
}
