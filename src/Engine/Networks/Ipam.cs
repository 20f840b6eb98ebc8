using Berth.Network;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Networks;

/// <summary>
/// Addresses on a bridge: one file per leased address, created with O_EXCL so that two starts never
/// get the same one; the file holds the holder's monitor lock path. Stale leases are reclaimed.
/// </summary>
public static class Ipam
{
    public static uint Lease(NetworkRecord network, string ownerLock, uint requested = 0)
    {
        var subnet = network.ParsedSubnet;
        var gateway = Ipv4.Parse(network.Gateway, "gateway");
        var dir = HostNetState.Leases(network.BridgeName);
        Directory.CreateDirectory(dir);
        // Reclaiming a stale lease is delete-then-create: serialise it, or two starts could both reclaim one address.
        using var locked = Sys.Files.FileLock.Acquire(Path.Combine(dir, ".lock"));
        if (requested != 0)
        {
            if (!subnet.Contains(requested) || requested == gateway || requested == subnet.Network || requested == subnet.Broadcast)
                throw BerthException.Invalid($"address {Ipv4.Format(requested)} is not available in network {network.Name} ({subnet})");
            return TryTake(dir, requested, ownerLock) ? requested : throw BerthException.Conflict($"Address already in use: {Ipv4.Format(requested)} on network {network.Name}");
        }
        for (var address = subnet.Network + 1; address < subnet.Broadcast; address++)
            if (address != gateway && TryTake(dir, address, ownerLock)) return address;
        throw BerthException.Conflict($"no available IPv4 addresses on network {network.Name} ({subnet})");
    }

    /// <summary>
    /// Gives the address back if <paramref name="ownerLock"/> still holds it: once its holder was dead,
    /// another container may have reclaimed it, and a late release must not take it from them.
    /// </summary>
    public static void Release(string bridge, uint address, string ownerLock) =>
        ReleaseFile(Path.Combine(HostNetState.Leases(bridge), Ipv4.Format(address)), ownerLock);

    /// <summary>The same, for a lease file found by a sweep: under the lock that reclaiming takes too.</summary>
    public static void ReleaseFile(string leaseFile, string ownerLock)
    {
        var dir = Path.GetDirectoryName(leaseFile)!;
        if (!Directory.Exists(dir)) return; // the bridge's leases went with it
        try
        {
            using var locked = Sys.Files.FileLock.Acquire(Path.Combine(dir, ".lock"));
            if (HostNetState.HolderOf(leaseFile) == ownerLock) File.Delete(leaseFile);
        }
        catch (DirectoryNotFoundException) { } // the bridge's leases went with it
    }

    static bool TryTake(string dir, uint address, string ownerLock)
    {
        var path = Path.Combine(dir, Ipv4.Format(address));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var fd = Libc.open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, 0x180);
            if (fd >= 0)
            {
                try { Libc.WriteAll(fd, System.Text.Encoding.UTF8.GetBytes(ownerLock + "\n")); }
                finally { Libc.close(fd); }
                return true;
            }
            if (Libc.LastErrno != Errno.EEXIST) throw new SystemCallException($"lease {path}", Libc.LastErrno);
            if (HostNetState.HolderAlive(path)) return false;
            File.Delete(path);
        }
        return false;
    }
}
