using System.Text.Json;

namespace Berth.Network.Nft;

/// <summary>
/// An nftables transaction in nft's JSON schema. `nft -j -f -` applies the whole batch atomically:
/// every rule of a change appears at once, or none does.
/// </summary>
public sealed class NftBatch
{
    readonly MemoryStream _buffer = new();
    readonly Utf8JsonWriter _json;

    public NftBatch()
    {
        _json = new Utf8JsonWriter(_buffer);
        _json.WriteStartObject();
        _json.WriteStartArray("nftables");
    }

    public bool IsEmpty { get; private set; } = true;

    /// <summary>"add table" (a no-op if it exists) then "flush table": the table's rules are replaced as a whole.</summary>
    public NftBatch ReplaceTable(string name)
    {
        Command("add", "table", j => j.WriteString("name", name));
        Command("flush", "table", j => j.WriteString("name", name));
        return this;
    }

    public NftBatch DeleteTable(string name) => Command("delete", "table", j => j.WriteString("name", name));

    public NftBatch BaseChain(string table, string name, string type, string hook, int priority) =>
        Command("add", "chain", j =>
        {
            j.WriteString("table", table);
            j.WriteString("name", name);
            j.WriteString("type", type);
            j.WriteString("hook", hook);
            j.WriteNumber("prio", priority);
            j.WriteString("policy", "accept");
        });

    /// <summary>A rule from its expressions; see <see cref="NftExpr"/>.</summary>
    public NftBatch Rule(string table, string chain, params Action<Utf8JsonWriter>[] expressions) =>
        Command("add", "rule", j =>
        {
            j.WriteString("table", table);
            j.WriteString("chain", chain);
            j.WriteStartArray("expr");
            foreach (var expression in expressions)
            {
                j.WriteStartObject();
                expression(j);
                j.WriteEndObject();
            }
            j.WriteEndArray();
        });

    NftBatch Command(string verb, string noun, Action<Utf8JsonWriter> body)
    {
        IsEmpty = false;
        _json.WriteStartObject();
        _json.WriteStartObject(verb);
        _json.WriteStartObject(noun);
        _json.WriteString("family", "ip");
        body(_json);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.WriteEndObject();
        return this;
    }

    public byte[] ToJson()
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.ToArray();
    }
}
