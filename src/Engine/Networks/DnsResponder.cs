using System.Buffers.Binary;
using Berth.Network;
using Berth.Network.Dns;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Networks;

/// <summary>
/// The container's resolver at 127.0.0.11:53, served by its monitor on the monitor's event loop: a UDP
/// socket bound inside the container's namespace. Names of containers on its networks are answered from
/// the network's record files; other names are relayed to the host's resolvers from the host's side
/// (so even a resolver on the host's loopback works), and the replies relayed back.
/// </summary>
public sealed unsafe class DnsResponder : IDisposable
{
    public const string Address = "127.0.0.11";
    readonly Func<IEnumerable<string>> _recordDirs;
    readonly List<uint> _upstreams;
    readonly byte[] _buffer = new byte[1500];
    /// <summary>Relayed queries: upstream ID → the client's ID and address. Bounded: old entries are dropped.</summary>
    readonly Dictionary<ushort, (ushort Id, Libc.SockaddrIn Client)> _pending = [];
    ushort _nextId = (ushort)Random.Shared.Next();

    public int Fd { get; }
    public int UpstreamFd { get; }

    DnsResponder(int fd, int upstreamFd, Func<IEnumerable<string>> recordDirs, List<uint> upstreams)
    {
        Fd = fd;
        UpstreamFd = upstreamFd;
        _recordDirs = recordDirs;
        _upstreams = upstreams;
    }

    /// <summary>Binds the socket; call inside the container's network namespace (see <see cref="NetnsScope"/>).</summary>
    public static int BindInside()
    {
        var fd = Libc.Check(Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0), "open the DNS socket");
        var one = 1;
        // lo may not be up yet when the monitor binds: free-bind does not need the address to exist.
        Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_FREEBIND, &one, sizeof(int));
        var address = Libc.Inet(Ipv4.Parse(Address, "DNS address"), 53);
        if (Libc.bind(fd, &address, sizeof(Libc.SockaddrIn)) < 0)
        {
            var errno = Libc.LastErrno;
            Libc.close(fd);
            throw new SystemCallException($"bind the DNS responder to {Address}:53", errno);
        }
        return fd;
    }

    /// <summary>Takes the socket bound inside; opens the relay socket here, in the host's namespace.</summary>
    /// <param name="recordDirs">Asked at each query: the networks a container is on change while it runs.</param>
    public static DnsResponder Create(int insideFd, Func<IEnumerable<string>> recordDirs, IEnumerable<string> upstreams)
    {
        var upstreamFd = Libc.Check(Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0), "open the DNS relay socket");
        var servers = upstreams.Select(u => Ipv4.TryParse(u, out var a) ? a : 0).Where(a => a != 0).ToList();
        return new DnsResponder(insideFd, upstreamFd, recordDirs, servers);
    }

    /// <summary>Answers or relays each query waiting on the socket.</summary>
    public void OnQuery()
    {
        while (true)
        {
            var client = new Libc.SockaddrIn();
            var clientLength = sizeof(Libc.SockaddrIn);
            int n;
            fixed (byte* p = _buffer) n = (int)Libc.recvfrom(Fd, p, _buffer.Length, 0, &client, &clientLength);
            if (n <= 0) return;
            var query = _buffer.AsSpan(0, n);
            if (DnsMessage.Question(query) is not { } question) continue;
            var name = question.Name.TrimEnd('.');
            if (DnsRecords.Lookup(_recordDirs(), name) is { } address)
                Send(Fd, DnsMessage.Answer(query, question.End, question.Type == DnsMessage.TypeA ? address : null), client);
            else if (_upstreams.Count > 0)
                Relay(query, client);
            else
                Send(Fd, DnsMessage.Answer(query, question.End, null, rcode: 2), client);
        }
    }

    /// <summary>Passes each upstream reply back to the client that asked, with the client's ID.</summary>
    public void OnReply()
    {
        while (true)
        {
            int n;
            fixed (byte* p = _buffer) n = (int)Libc.recvfrom(UpstreamFd, p, _buffer.Length, 0, null, null);
            if (n < 12) return;
            var id = BinaryPrimitives.ReadUInt16BigEndian(_buffer);
            if (!_pending.Remove(id, out var asked)) continue;
            BinaryPrimitives.WriteUInt16BigEndian(_buffer, asked.Id);
            Send(Fd, _buffer.AsSpan(0, n), asked.Client);
        }
    }

    void Relay(Span<byte> query, Libc.SockaddrIn client)
    {
        if (_pending.Count > 256) _pending.Clear();
        var id = _nextId++;
        _pending[id] = (BinaryPrimitives.ReadUInt16BigEndian(query), client);
        BinaryPrimitives.WriteUInt16BigEndian(query, id);
        foreach (var server in _upstreams) Send(UpstreamFd, query, Libc.Inet(server, 53));
    }

    static void Send(int fd, ReadOnlySpan<byte> data, Libc.SockaddrIn to)
    {
        fixed (byte* p = data) Libc.sendto(fd, p, data.Length, 0, &to, sizeof(Libc.SockaddrIn));
    }

    public void Dispose()
    {
        Libc.close(Fd);
        Libc.close(UpstreamFd);
    }
}
