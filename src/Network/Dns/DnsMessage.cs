using System.Buffers.Binary;
using System.Text;

namespace Berth.Network.Dns;

/// <summary>The little of RFC 1035 an embedded resolver needs: read a query's question, write an answer.</summary>
public static class DnsMessage
{
    public const ushort TypeA = 1, TypeAaaa = 28;

    /// <summary>The question of a standard query: its name (no trailing dot), type, and where the question ends.</summary>
    public static (string Name, ushort Type, int End)? Question(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || (packet[2] & 0x80) != 0 || BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) != 1) return null;
        var name = new StringBuilder();
        var offset = 12;
        while (true)
        {
            if (offset >= packet.Length) return null;
            var length = packet[offset++];
            if (length == 0) break;
            if (length > 63 || offset + length > packet.Length) return null;
            if (name.Length > 0) name.Append('.');
            name.Append(Encoding.ASCII.GetString(packet.Slice(offset, length)));
            offset += length;
        }
        if (offset + 4 > packet.Length) return null;
        return (name.ToString(), BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]), offset + 4);
    }

    /// <summary>
    /// A reply to <paramref name="query"/>: the question echoed, and an A record for <paramref name="address"/>
    /// if given (none for a name we own but a type we lack, as docker answers AAAA). rcode 3 = NXDOMAIN.
    /// </summary>
    public static byte[] Answer(ReadOnlySpan<byte> query, int questionEnd, uint? address, int rcode = 0)
    {
        var reply = new byte[questionEnd + (address is null ? 0 : 16)];
        query[..questionEnd].CopyTo(reply);
        reply[2] = (byte)(0x80 | (query[2] & 0x79) | 0x04); // QR, opcode and RD kept, AA
        reply[3] = (byte)(0x80 | rcode); // RA
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(6), (ushort)(address is null ? 0 : 1));
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(10), 0);
        if (address is { } a)
        {
            var answer = reply.AsSpan(questionEnd);
            BinaryPrimitives.WriteUInt16BigEndian(answer, 0xC00C); // the name: a pointer to the question's
            BinaryPrimitives.WriteUInt16BigEndian(answer[2..], TypeA);
            BinaryPrimitives.WriteUInt16BigEndian(answer[4..], 1); // IN
            BinaryPrimitives.WriteUInt32BigEndian(answer[6..], 600);
            BinaryPrimitives.WriteUInt16BigEndian(answer[10..], 4);
            BinaryPrimitives.WriteUInt32BigEndian(answer[12..], a);
        }
        return reply;
    }
}
