using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Templates.Values;

/// <summary>
/// The values a template computes with, modelled on what Go sees after decoding docker's JSON:
/// null (nil), string, bool, long (int), ulong (uint64, only past long's range), double (float64),
/// <see cref="GoList"/> (a slice) and <see cref="JsonObject"/> (a map[string]interface {}).
/// JSON numbers written without a fraction or exponent stay integers, so big ids print exactly.
/// </summary>
internal static class GoValue
{
    public static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj,
        JsonArray array => new GoList(array),
        JsonValue value => FromJsonValue(value),
        _ => null,
    };

    private static object? FromJsonValue(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                if (value.TryGetValue<string>(out var text)) return text;
                // A value built from a DateTime, Guid or char: read back its JSON form.
                return JsonNode.Parse(value.ToJsonString())!.GetValue<string>();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                return FromJsonNumber(value);
            case JsonValueKind.Null:
                return null;
            default:
                return value.ToJsonString();
        }
    }

    private static object FromJsonNumber(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            if (element.TryGetInt64(out long l)) return l;
            if (element.TryGetUInt64(out ulong ul)) return ul;
            return element.GetDouble();
        }
        if (value.TryGetValue<long>(out long asLong)) return asLong;
        if (value.TryGetValue<int>(out int asInt)) return (long)asInt;
        if (value.TryGetValue<ulong>(out ulong asULong)) return asULong <= long.MaxValue ? (long)asULong : asULong;
        if (value.TryGetValue<uint>(out uint asUInt)) return (long)asUInt;
        if (value.TryGetValue<short>(out short asShort)) return (long)asShort;
        if (value.TryGetValue<ushort>(out ushort asUShort)) return (long)asUShort;
        if (value.TryGetValue<byte>(out byte asByte)) return (long)asByte;
        if (value.TryGetValue<sbyte>(out sbyte asSByte)) return (long)asSByte;
        if (value.TryGetValue<double>(out double asDouble)) return asDouble;
        if (value.TryGetValue<float>(out float asFloat)) return (double)asFloat;
        if (value.TryGetValue<decimal>(out decimal asDecimal))
        {
            return decimal.Truncate(asDecimal) == asDecimal && asDecimal >= long.MinValue && asDecimal <= long.MaxValue
                ? (long)asDecimal
                : (double)asDecimal;
        }
        string raw = value.ToJsonString();
        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed)) return parsed;
        if (ulong.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out ulong parsedU)) return parsedU;
        return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Go's truth for if, with, and, or, not: the zero value of its type is false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        ulong u => u != 0,
        double d => d != 0,
        GoList list => list.Count > 0,
        JsonObject obj => obj.Count > 0,
        _ => true,
    };

    /// <summary>The Go type name printed by %T and in "wrong type" errors.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "<nil>",
        string => "string",
        bool => "bool",
        long => "int",
        ulong => "uint64",
        double => "float64",
        GoList list => list.TypeName,
        JsonObject => "map[string]interface {}",
        _ => value.GetType().Name,
    };

    /// <summary>A map's entries in Go's iteration and printing order: keys sorted bytewise.</summary>
    public static KeyValuePair<string, JsonNode?>[] SortedEntries(JsonObject obj)
    {
        var entries = new KeyValuePair<string, JsonNode?>[obj.Count];
        int i = 0;
        foreach (var entry in obj) entries[i++] = entry;
        if (entries.Length > 1) Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return entries;
    }

    /// <summary>
    /// What `index` yields for a key the map lacks. Go returns the zero value of the map's element
    /// type; JSON has no declared type, so it is inferred from the other values: docker's string
    /// maps (Labels, Options) give "" as `docker inspect` does, empty maps count as string maps.
    /// </summary>
    public static object? ZeroFor(JsonObject obj)
    {
        foreach (var entry in obj)
        {
            switch (FromNode(entry.Value))
            {
                case null: continue;
                case string: return "";
                case bool: return false;
                case long or ulong: return 0L;
                case double: return 0.0;
                case GoList: return new GoList(Array.Empty<object?>(), "[]interface {}");
                default: return null;
            }
        }
        return "";
    }
}
