using System.Buffers.Binary;
using System.Text;

namespace Berth.Network.Netlink;

/// <summary>
/// One rtnetlink request being built: the 16-byte header, a family header (ifinfomsg, ifaddrmsg,
/// rtmsg) and attributes, nested ones by <see cref="Begin"/>/<see cref="End"/>. Little-endian, 4-aligned.
/// </summary>
public sealed class NetlinkMessage
{
    public const ushort NLM_F_REQUEST = 1, NLM_F_ACK = 4, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400, NLM_F_DUMP = 0x300;
    readonly List<byte> _bytes = new(256);

    public NetlinkMessage(ushort type, ushort flags)
    {
        _bytes.AddRange(new byte[16]);
        BinaryPrimitives.WriteUInt16LittleEndian(Span(4, 2), type);
        BinaryPrimitives.WriteUInt16LittleEndian(Span(6, 2), (ushort)(flags | NLM_F_REQUEST));
    }

    Span<byte> Span(int offset, int length) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes).Slice(offset, length);

    public NetlinkMessage Raw(ReadOnlySpan<byte> data)
    {
        foreach (var b in data) _bytes.Add(b);
        Pad();
        return this;
    }

    /// <summary>struct ifinfomsg: family, type, index, flags, change.</summary>
    public NetlinkMessage IfInfo(int index = 0, uint flags = 0, uint change = 0)
    {
        Span<byte> info = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(info[4..], index);
        BinaryPrimitives.WriteUInt32LittleEndian(info[8..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(info[12..], change);
        return Raw(info);
    }

    public NetlinkMessage Attribute(ushort type, ReadOnlySpan<byte> value)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], type);
        foreach (var b in header) _bytes.Add(b);
        return Raw(value);
    }

    public NetlinkMessage String(ushort type, string value) => Attribute(type, Encoding.ASCII.GetBytes(value + "\0"));

    public NetlinkMessage U32(ushort type, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        return Attribute(type, data);
    }

    /// <summary>An IPv4 address attribute, in network byte order.</summary>
    public NetlinkMessage Address(ushort type, uint address)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, address);
        return Attribute(type, data);
    }

    readonly Stack<int> _open = new();

    public NetlinkMessage Begin(ushort type)
    {
        _open.Push(_bytes.Count);
        return Attribute(type, []);
    }

    public NetlinkMessage End()
    {
        var start = _open.Pop();
        BinaryPrimitives.WriteUInt16LittleEndian(Span(start, 2), (ushort)(_bytes.Count - start));
        return this;
    }

    void Pad()
    {
        while (_bytes.Count % 4 != 0) _bytes.Add(0);
    }

    public byte[] ToArray(uint sequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Span(0, 4), (uint)_bytes.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(Span(8, 4), sequence);
        return [.. _bytes];
    }
}
