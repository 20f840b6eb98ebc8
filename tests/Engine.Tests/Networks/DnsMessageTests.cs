using System.Buffers.Binary;
using Berth.Network.Dns;

namespace Berth.Engine.Tests.Networks;

public sealed class DnsMessageTests
{
    static byte[] Query(string name, ushort type)
    {
        var bytes = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }
        bytes.AddRange(new byte[] { 0, (byte)(type >> 8), (byte)type, 0, 1 });
        return [.. bytes];
    }

    [Fact]
    public void ReadsTheQuestion()
    {
        var q = DnsMessage.Question(Query("web.default", DnsMessage.TypeA));
        Assert.Equal(("web.default", DnsMessage.TypeA), (q!.Value.Name, q.Value.Type));
    }

    [Fact]
    public void AnswersWithOneARecordKeepingTheId()
    {
        var query = Query("db", DnsMessage.TypeA);
        var end = DnsMessage.Question(query)!.Value.End;
        var reply = DnsMessage.Answer(query, end, 0xAC120002);
        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16BigEndian(reply));
        Assert.True((reply[2] & 0x80) != 0);
        Assert.Equal(0, reply[3] & 0x0F);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(6)));
        Assert.Equal(0xAC120002u, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(reply.Length - 4)));
    }

    [Fact]
    public void NxdomainHasNoAnswer()
    {
        var query = Query("nothing", DnsMessage.TypeA);
        var reply = DnsMessage.Answer(query, DnsMessage.Question(query)!.Value.End, null, rcode: 3);
        Assert.Equal(3, reply[3] & 0x0F);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(6)));
    }

    [Fact]
    public void IgnoresResponsesAndTruncatedPackets()
    {
        var response = Query("x", 1);
        response[2] |= 0x80;
        Assert.Null(DnsMessage.Question(response));
        Assert.Null(DnsMessage.Question(Query("abc", 1)[..14]));
    }
}
