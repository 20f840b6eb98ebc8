using Berth.Sys.Files;

namespace Berth.Images.Store;

/// <summary>
/// containerd's leases, reduced to one lock file: a load, pull or import holds it shared while its
/// blobs are not yet referenced by the index; garbage collection takes it exclusively. A holder
/// killed by -9 releases it with its death, so a crash never wedges collection.
/// </summary>
public sealed class StoreLeases(string path)
{
    public IDisposable Acquire() => FileLock.Acquire(path, exclusive: false);
    public IDisposable AcquireForCollection() => FileLock.Acquire(path, exclusive: true);
    /// <summary>Null when a lease or another collection is held right now.</summary>
    public IDisposable? TryAcquireForCollection() => FileLock.TryAcquire(path, exclusive: true);
}
