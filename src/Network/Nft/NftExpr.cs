using System.Text.Json;

namespace Berth.Network.Nft;

/// <summary>The few nft JSON expressions berth's rules are made of.</summary>
public static class NftExpr
{
    public static Action<Utf8JsonWriter> Meta(string key, string value, bool equal = true) => j => Match(j, equal ? "==" : "!=", l => Object(l, "meta", m => m.WriteString("key", key)), r => r.WriteStringValue(value));

    public static Action<Utf8JsonWriter> Address(string field, Subnet subnet, bool equal = true) => j => Match(j, equal ? "==" : "!=",
        l => Payload(l, "ip", field),
        r => Object(r, "prefix", p => { p.WriteString("addr", Ipv4.Format(subnet.Network)); p.WriteNumber("len", subnet.PrefixLength); }));

    public static Action<Utf8JsonWriter> Address(string field, string address) => j => Match(j, "==", l => Payload(l, "ip", field), r => r.WriteStringValue(address));

    /// <summary>"fib daddr type local": the packet is addressed to one of this host's addresses.</summary>
    public static Action<Utf8JsonWriter> LocalDestination() => j => Match(j, "==",
        l => Object(l, "fib", f => { f.WriteString("result", "type"); f.WriteStartArray("flags"); f.WriteStringValue("daddr"); f.WriteEndArray(); }),
        r => r.WriteStringValue("local"));

    public static Action<Utf8JsonWriter> DestinationPort(string protocol, int first, int last) => j => Match(j, "==", l => Payload(l, protocol, "dport"), r =>
    {
        if (first == last) r.WriteNumberValue(first);
        else
        {
            r.WriteStartObject();
            r.WriteStartArray("range");
            r.WriteNumberValue(first);
            r.WriteNumberValue(last);
            r.WriteEndArray();
            r.WriteEndObject();
        }
    });

    public static Action<Utf8JsonWriter> CtStatusDnat() => j => Match(j, "in", l => Object(l, "ct", c => c.WriteString("key", "status")), r => r.WriteStringValue("dnat"));

    /// <summary>DNAT to the address, keeping the port when <paramref name="port"/> is 0.</summary>
    public static Action<Utf8JsonWriter> Dnat(string address, int port) => j =>
    {
        j.WriteStartObject("dnat");
        j.WriteString("addr", address);
        if (port != 0) j.WriteNumber("port", port);
        j.WriteEndObject();
    };

    public static Action<Utf8JsonWriter> Masquerade() => j => j.WriteNull("masquerade");
    public static Action<Utf8JsonWriter> Drop() => j => j.WriteNull("drop");

    static void Match(Utf8JsonWriter j, string op, Action<Utf8JsonWriter> left, Action<Utf8JsonWriter> right)
    {
        j.WriteStartObject("match");
        j.WriteString("op", op);
        j.WritePropertyName("left");
        left(j);
        j.WritePropertyName("right");
        right(j);
        j.WriteEndObject();
    }

    static void Payload(Utf8JsonWriter j, string protocol, string field) => Object(j, "payload", p => { p.WriteString("protocol", protocol); p.WriteString("field", field); });

    static void Object(Utf8JsonWriter j, string name, Action<Utf8JsonWriter> body)
    {
        j.WriteStartObject();
        j.WriteStartObject(name);
        body(j);
        j.WriteEndObject();
        j.WriteEndObject();
    }
}
