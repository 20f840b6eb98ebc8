using System.Text.Json.Nodes;

namespace Berth.Templates.Values;

/// <summary>
/// A Go slice as templates see it: a JSON array from the data (elements converted lazily, so
/// `index .Mounts 0` never converts the whole array), or a list a function built, such as the
/// []string that `split` returns.
/// </summary>
internal sealed class GoList
{
    private readonly JsonArray? _json;
    private readonly object?[]? _items;
    private readonly int _start;

    public GoList(JsonArray json)
    {
        _json = json;
        Count = json.Count;
        TypeName = "[]interface {}";
    }

    public GoList(object?[] items, string typeName)
        : this(items, 0, items.Length, typeName)
    {
    }

    private GoList(object?[] items, int start, int count, string typeName)
    {
        _items = items;
        _start = start;
        Count = count;
        TypeName = typeName;
    }

    private GoList(JsonArray json, int start, int count)
    {
        _json = json;
        _start = start;
        Count = count;
        TypeName = "[]interface {}";
    }

    public int Count { get; }

    /// <summary>The Go type printed by %T and in type errors: []interface {} or []string.</summary>
    public string TypeName { get; }

    public object? this[int index] =>
        _json != null ? GoValue.FromNode(_json[_start + index]) : _items![_start + index];

    /// <summary>Go's s[from:to]: shares the underlying elements.</summary>
    public GoList Slice(int from, int to) =>
        _json != null
            ? new GoList(_json, _start + from, to - from)
            : new GoList(_items!, _start + from, to - from, TypeName);
}
