using Berth.Sys.Interop;

namespace Berth.Runtime.Spawn;

/// <summary>A child created but held before exec. Release it, or dispose to abort it.</summary>
public sealed class PendingProcess : IDisposable
{
    int _syncWrite;

    internal PendingProcess(int pid, int pidfd, int syncWrite)
    {
        Process = new ChildProcess(pid, pidfd);
        _syncWrite = syncWrite;
    }

    public ChildProcess Process { get; }
    public int Pid => Process.Pid;

    public ChildProcess Release()
    {
        Span<byte> go = [1];
        Libc.WriteAll(_syncWrite, go);
        CloseSync();
        return Process;
    }

    void CloseSync()
    {
        if (_syncWrite < 0) return;
        Libc.close(_syncWrite);
        _syncWrite = -1;
    }

    /// <summary>Closing the sync pipe unreleased makes the child exit without exec; reap it.</summary>
    public void Dispose()
    {
        if (_syncWrite < 0) return;
        CloseSync();
        Process.Kill(Libc.SIGKILL);
        Process.Wait();
        Process.Dispose();
    }
}
