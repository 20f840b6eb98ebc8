using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Sys.Files;

/// <summary>
/// An flock(2) on a lock file. The kernel drops it when the holder dies, even by kill -9,
/// so a lock never outlives its process and needs no stale-lock recovery.
/// </summary>
public sealed class FileLock : IDisposable
{
    const int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    int _fd;

    FileLock(int fd) => _fd = fd;

    public int Fd => _fd;

    public static FileLock Acquire(string path, bool exclusive = true)
    {
        var fd = OpenLockFile(path);
        if (Libc.Retry(() => Libc.flock(fd, exclusive ? LOCK_EX : LOCK_SH)) < 0)
        {
            var errno = Libc.LastErrno;
            Libc.close(fd);
            throw new SystemCallException($"lock {path}", errno);
        }
        return new FileLock(fd);
    }

    /// <summary>Null when another process holds the lock.</summary>
    public static FileLock? TryAcquire(string path, bool exclusive = true)
    {
        var fd = OpenLockFile(path);
        if (Libc.flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0)
        {
            var errno = Libc.LastErrno;
            Libc.close(fd);
            if (errno == Errno.EAGAIN) return null;
            throw new SystemCallException($"lock {path}", errno);
        }
        return new FileLock(fd);
    }

    /// <summary>True when some live process holds the lock at <paramref name="path"/>; false if the file is missing.</summary>
    public static bool IsHeld(string path)
    {
        var fd = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return false;
        try
        {
            if (Libc.flock(fd, LOCK_SH | LOCK_NB) == 0) return false;
            return Libc.LastErrno == Errno.EAGAIN;
        }
        finally
        {
            Libc.close(fd);
        }
    }

    static int OpenLockFile(string path) =>
        Libc.Check(Libc.open(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC, 0x180), $"open lock {path}");

    public void Dispose()
    {
        if (_fd < 0) return;
        Libc.close(_fd);
        _fd = -1;
    }
}
