using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Network;

/// <summary>
/// Moves the calling thread into a process's network namespace until disposed. A network namespace is
/// per thread, so the rest of a multithreaded process stays where it was. Sockets opened inside keep the
/// namespace after the thread leaves: that is how the monitor configures a container's side of a veth
/// and binds the DNS responder there.
/// </summary>
public sealed class NetnsScope : IDisposable
{
    const int CLONE_NEWNET = 0x40000000;
    int _home;

    NetnsScope(int home) => _home = home;

    public static NetnsScope Enter(int pid)
    {
        var target = Libc.Check(Libc.open($"/proc/{pid}/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC, 0), $"open the network namespace of {pid}");
        var home = Libc.open("/proc/thread-self/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        try
        {
            Libc.Check(home, "open this thread's network namespace");
            Libc.Check(Libc.setns(target, CLONE_NEWNET), $"enter the network namespace of {pid}");
            return new NetnsScope(home);
        }
        catch
        {
            if (home >= 0) Libc.close(home);
            throw;
        }
        finally
        {
            Libc.close(target);
        }
    }

    public void Dispose()
    {
        if (_home < 0) return;
        // Failing to return would leave this thread's later sockets in the container: fail loudly.
        if (Libc.setns(_home, CLONE_NEWNET) < 0) throw new SystemCallException("return to the host's network namespace", Libc.LastErrno);
        Libc.close(_home);
        _home = -1;
    }
}
