using Berth.Network;
using Berth.Network.Ports;
using Berth.Sys.Errors;
using Berth.Sys.Files;
using Berth.Sys.Interop;

namespace Berth.Engine.Networks;

/// <summary>
/// Host ports claimed by running containers: /run/berth-net/ports/ID, the holder's monitor lock on the
/// first line and one mapping a line, checked and written under one lock so two starts never publish
/// the same port. A port some host process listens on is refused too (tried by binding it).
/// </summary>
public static class PortClaims
{
    public static List<PortMapping> Claim(string containerId, string ownerLock, IReadOnlyList<PortMapping> requested)
    {
        if (requested.Count == 0) return [];
        Directory.CreateDirectory(HostNetState.Ports);
        using var locked = FileLock.Acquire(HostNetState.PortsLock);
        var taken = LiveClaims().SelectMany(c => c.Mappings).ToList();
        var resolved = new List<PortMapping>();
        foreach (var mapping in requested)
        {
            var chosen = mapping.ChoosesHostPort ? Choose(mapping, taken) : Check(mapping, taken);
            resolved.Add(chosen);
            taken.Add(chosen);
        }
        AtomicFile.WriteText(Path.Combine(HostNetState.Ports, containerId), ownerLock + "\n" + string.Concat(resolved.Select(m => m + "\n")));
        return resolved;
    }

    public static void Release(string containerId) => File.Delete(Path.Combine(HostNetState.Ports, containerId));

    /// <summary>Claims whose holders live; dead holders' claims (and their rules) are cleaned up on the way.</summary>
    static IEnumerable<(string Id, List<PortMapping> Mappings)> LiveClaims()
    {
        foreach (var file in Directory.EnumerateFiles(HostNetState.Ports))
        {
            if (!HostNetState.HolderAlive(file))
            {
                NetworkJanitor.RemovePortRules(Path.GetFileName(file));
                File.Delete(file);
                continue;
            }
            var lines = File.ReadAllLines(file).Skip(1).Where(l => l.Length > 0);
            yield return (Path.GetFileName(file), lines.Select(PortMapping.FromString).ToList());
        }
    }

    static PortMapping Check(PortMapping mapping, List<PortMapping> taken)
    {
        for (var port = mapping.HostFirst; port <= mapping.HostLast; port++)
            if (Clashes(mapping.Protocol, mapping.HostIp, port, taken) || !Free(mapping.Protocol, mapping.HostIp, port))
                throw InUse(mapping.HostIp, port, mapping.Protocol);
        return mapping;
    }

    /// <summary>A free port from the mapping's host range, or one the kernel picks from its ephemeral range.</summary>
    static PortMapping Choose(PortMapping mapping, List<PortMapping> taken)
    {
        if (mapping.HostFirst != 0)
        {
            for (var port = mapping.HostFirst; port <= mapping.HostLast; port++)
                if (!Clashes(mapping.Protocol, mapping.HostIp, port, taken) && Free(mapping.Protocol, mapping.HostIp, port))
                    return mapping.WithHostPorts(port);
            throw InUse(mapping.HostIp, mapping.HostFirst, mapping.Protocol, $"-{mapping.HostLast}");
        }
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = KernelChosenPort(mapping.Protocol, mapping.HostIp);
            if (!Clashes(mapping.Protocol, mapping.HostIp, port, taken)) return mapping.WithHostPorts(port);
        }
        throw BerthException.Conflict($"no free host port for {mapping.ContainerFirst}/{mapping.Protocol}");
    }

    static bool Clashes(string protocol, string hostIp, int port, List<PortMapping> taken) =>
        taken.Any(t => t.Protocol == protocol && port >= t.HostFirst && port <= t.HostLast && (t.HostIp.Length == 0 || hostIp.Length == 0 || t.HostIp == hostIp));

    static BerthException InUse(string hostIp, int port, string protocol, string rangeEnd = "") =>
        BerthException.Conflict($"Bind for {(hostIp.Length > 0 ? hostIp : "0.0.0.0")}:{port}{rangeEnd} failed: port is already allocated ({protocol}); choose another host port");

    static unsafe bool Free(string protocol, string hostIp, int port)
    {
        var fd = Socket(protocol);
        try
        {
            var address = Libc.Inet(hostIp.Length > 0 ? Ipv4.Parse(hostIp, "host IP") : 0, (ushort)port);
            if (Libc.bind(fd, &address, sizeof(Libc.SockaddrIn)) == 0) return true;
            var errno = Libc.LastErrno;
            if (errno == 99 /*EADDRNOTAVAIL*/) throw BerthException.Invalid($"host IP {hostIp} is not an address of this host");
            return errno != Errno.EADDRINUSE;
        }
        finally
        {
            Libc.close(fd);
        }
    }

    static unsafe int KernelChosenPort(string protocol, string hostIp)
    {
        var fd = Socket(protocol);
        try
        {
            var address = Libc.Inet(hostIp.Length > 0 ? Ipv4.Parse(hostIp, "host IP") : 0, 0);
            Libc.Check(Libc.bind(fd, &address, sizeof(Libc.SockaddrIn)), "bind a probe socket");
            var length = sizeof(Libc.SockaddrIn);
            Libc.Check(Libc.getsockname(fd, &address, &length), "read the probe socket's port");
            return (ushort)((address.PortBigEndian >> 8) | (address.PortBigEndian << 8));
        }
        finally
        {
            Libc.close(fd);
        }
    }

    static unsafe int Socket(string protocol)
    {
        var fd = Libc.Check(Libc.socket(Libc.AF_INET, (protocol == "udp" ? Libc.SOCK_DGRAM : Libc.SOCK_STREAM) | Libc.SOCK_CLOEXEC, 0), "open a probe socket");
        var one = 1;
        Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, &one, sizeof(int));
        return fd;
    }
}
