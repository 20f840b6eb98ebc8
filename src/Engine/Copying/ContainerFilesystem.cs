using Berth.Engine.Containers;
using Berth.Images.Snapshots;
using Berth.Runtime.Cgroups;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Copying;

/// <summary>
/// A container's root filesystem for the length of one command. A running container's is its
/// init's root, /proc/PID/root: its own mount namespace, with its volumes and tmpfs mounts. A
/// stopped container's is its overlay, mounted on the side while start and rm are held off.
/// </summary>
public sealed class ContainerFilesystem : IDisposable
{
    readonly TemporaryOverlay? _overlay;
    readonly IDisposable? _lifecycle;

    ContainerFilesystem(FileTree tree, TemporaryOverlay? overlay, IDisposable? lifecycle)
    {
        Tree = tree;
        _overlay = overlay;
        _lifecycle = lifecycle;
    }

    public FileTree Tree { get; }

    /// <param name="shownName">The container as the user named it, for error messages.</param>
    public static ContainerFilesystem Open(BerthPaths paths, LayerStore layers, ContainerStore store, ContainerRecord record, string shownName)
    {
        if (record.State.Running) return Running(paths, record, shownName);
        var lifecycle = store.LifecycleLock(record.Id);
        try
        {
            var current = store.TryLoad(record.Id) ?? throw BerthException.NotFound($"No such container: {shownName}");
            if (current.State.Running)
            {
                lifecycle.Dispose();
                return Running(paths, current, shownName);
            }
            return Stopped(paths, layers, current, shownName, lifecycle);
        }
        catch
        {
            lifecycle.Dispose();
            throw;
        }
    }

    static ContainerFilesystem Stopped(BerthPaths paths, LayerStore layers, ContainerRecord record, string shownName, IDisposable lifecycle)
    {
        var overlay = TemporaryOverlay.Mount(paths, layers, record);
        try
        {
            return new ContainerFilesystem(FileTree.Container(overlay.OpenRoot(), shownName), overlay, lifecycle);
        }
        catch
        {
            overlay.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The pidfd pins the init process: if it is still alive after /proc/PID/root is opened, the
    /// root belongs to the container and not to a process that reused the pid.
    /// </summary>
    static ContainerFilesystem Running(BerthPaths paths, ContainerRecord record, string shownName)
    {
        var pid = record.State.Pid;
        var pidfd = Libc.PidfdOpen(pid);
        if (pidfd < 0) throw StoppedMeanwhile(shownName);
        try
        {
            if (!CgroupHierarchy.Detect().Open(paths.CgroupPath(record.Id)).Processes().Contains(pid)) throw StoppedMeanwhile(shownName);
            var rootFd = Libc.open($"/proc/{pid}/root", Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
            if (rootFd < 0) throw StoppedMeanwhile(shownName);
            if (Libc.PidfdSendSignal(pidfd, 0) < 0)
            {
                Libc.close(rootFd);
                throw StoppedMeanwhile(shownName);
            }
            return new ContainerFilesystem(FileTree.Container(rootFd, shownName), null, null);
        }
        finally
        {
            Libc.close(pidfd);
        }
    }

    static BerthException StoppedMeanwhile(string name) => BerthException.Conflict($"container {name} stopped while berth opened its filesystem: try again");

    public void Dispose()
    {
        Tree.Dispose();
        _overlay?.Dispose();
        _lifecycle?.Dispose();
    }
}
