using Berth.Sys.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Images.Content;

/// <summary>
/// Makes a growing file durable while it grows, so that the fsync at its commit finds little left to
/// do: every few MiB the kernel is asked to start writing the new range out (sync_file_range, which
/// does not wait), and every few dozen MiB an fsync runs in the background, off the writing thread.
/// On a virtual disk the final fsync otherwise pays for the whole blob at once (a quarter of a
/// 200 MB pull here). Failures here are left for the final fsync to report.
/// </summary>
sealed class Writeback(SafeFileHandle file, long start)
{
    const long StartStep = 8 << 20, SyncStep = 32 << 20;
    long _started = start, _synced = start, _written = start;
    Task? _syncing;

    int Fd => (int)file.DangerousGetHandle();

    public void Written(int count)
    {
        _written += count;
        if (_written - _started >= StartStep)
        {
            Libc.sync_file_range(Fd, _started, _written - _started, Libc.SYNC_FILE_RANGE_WRITE);
            _started = _written;
        }
        if (_written - _synced >= SyncStep && _syncing is not { IsCompleted: false })
        {
            _synced = _written;
            _syncing = Task.Run(() => Libc.fsync(Fd));
        }
    }

    /// <summary>Waits for the background fsync, if one runs: before the final fsync, a truncation, or closing the file.</summary>
    public void Settle() => _syncing?.Wait();

    public void Reset(long offset)
    {
        Settle();
        _started = _synced = _written = offset;
    }
}
