using System.Buffers.Binary;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Network.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket in the network namespace of the thread that opened it; it stays there
/// after the thread leaves, which is how the monitor configures a container's namespace.
/// </summary>
public sealed unsafe class NetlinkSocket : IDisposable
{
    const ushort NLMSG_ERROR = 2, NLMSG_DONE = 3;
    readonly int _fd;
    uint _sequence;

    public NetlinkSocket()
    {
        _fd = Libc.Check(Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0 /*NETLINK_ROUTE*/), "open a netlink socket");
    }

    /// <summary>Sends one request and waits for its acknowledgement; a kernel error becomes a SystemCallException naming <paramref name="operation"/>.</summary>
    public void Request(NetlinkMessage message, string operation)
    {
        var errno = TryRequest(message);
        if (errno != 0) throw new SystemCallException(operation, errno);
    }

    /// <summary>As <see cref="Request"/>, returning the errno (0 on success).</summary>
    public int TryRequest(NetlinkMessage message)
    {
        var sequence = ++_sequence;
        Send(message.ToArray(sequence));
        var buffer = new byte[8192];
        while (true)
        {
            var length = Receive(buffer);
            for (var offset = 0; offset + 16 <= length;)
            {
                var size = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(offset));
                var type = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 4));
                var seq = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset + 8));
                if (seq == sequence && type == NLMSG_ERROR) return -BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(offset + 16));
                if (size < 16) break;
                offset += (size + 3) & ~3;
            }
        }
    }

    /// <summary>Sends a dump request and returns each reply message's payload (after the 16-byte header).</summary>
    public List<byte[]> Dump(NetlinkMessage message, string operation)
    {
        var sequence = ++_sequence;
        Send(message.ToArray(sequence));
        var replies = new List<byte[]>();
        var buffer = new byte[32768];
        while (true)
        {
            var length = Receive(buffer);
            for (var offset = 0; offset + 16 <= length;)
            {
                var size = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(offset));
                var type = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 4));
                if (type == NLMSG_DONE) return replies;
                if (type == NLMSG_ERROR)
                {
                    var errno = -BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(offset + 16));
                    if (errno != 0) throw new SystemCallException(operation, errno);
                    return replies;
                }
                replies.Add(buffer.AsSpan(offset + 16, size - 16).ToArray());
                offset += (size + 3) & ~3;
            }
        }
    }

    void Send(byte[] data)
    {
        fixed (byte* p = data)
        {
            var address = stackalloc byte[12];
            new Span<byte>(address, 12).Clear();
            *(ushort*)address = Libc.AF_NETLINK;
            if (Libc.sendto(_fd, p, data.Length, 0, address, 12) < 0) throw new SystemCallException("send to netlink", Libc.LastErrno);
        }
    }

    int Receive(byte[] buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Libc.recvfrom(_fd, p, buffer.Length, 0, null, null);
                if (n >= 0) return (int)n;
                if (Libc.LastErrno != Errno.EINTR) throw new SystemCallException("receive from netlink", Libc.LastErrno);
            }
        }
    }

    public void Dispose() => Libc.close(_fd);
}
