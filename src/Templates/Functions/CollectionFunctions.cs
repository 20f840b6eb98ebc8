using System.Text;
using System.Text.Json.Nodes;
using Berth.Templates.Values;

namespace Berth.Templates.Functions;

/// <summary>
/// index, slice and len. Strings are indexed and measured in UTF-8 bytes, as in Go:
/// len "héllo" is 6 and index "abc" 1 is the byte 98.
/// </summary>
internal static class CollectionFunctions
{
    public static object? Index(object? item, ReadOnlySpan<object?> indexes)
    {
        if (item == null) throw new FunctionException("index of untyped nil");
        foreach (var index in indexes)
        {
            switch (item)
            {
                case GoList list:
                    int i = IndexArgument(index, list.Count);
                    // Go checks the index against the capacity, then reflect rejects index == length.
                    if (i == list.Count) throw new FunctionException("reflect: slice index out of range");
                    item = list[i];
                    break;
                case string s:
                    byte[] bytes = Encoding.UTF8.GetBytes(s);
                    int b = IndexArgument(index, bytes.Length);
                    if (b == bytes.Length) throw new FunctionException("reflect: string index out of range");
                    item = (long)bytes[b];
                    break;
                case JsonObject obj:
                    if (index is not string key)
                    {
                        throw new FunctionException(index == null
                            ? "value is nil; should be of type string"
                            : $"value has type {GoValue.TypeName(index)}; should be string");
                    }
                    item = obj.TryGetPropertyValue(key, out var child) ? GoValue.FromNode(child) : GoValue.ZeroFor(obj);
                    break;
                case null:
                    throw new FunctionException("index of nil pointer");
                default:
                    throw new FunctionException($"can't index item of type {GoValue.TypeName(item)}");
            }
        }
        return item;
    }

    public static object Slice(object? item, ReadOnlySpan<object?> indexes)
    {
        if (item == null) throw new FunctionException("slice of untyped nil");
        if (indexes.Length > 3) throw new FunctionException($"too many slice indexes: {indexes.Length}");
        byte[]? bytes = null;
        int length;
        switch (item)
        {
            case string s:
                if (indexes.Length == 3) throw new FunctionException("cannot 3-index slice a string");
                bytes = Encoding.UTF8.GetBytes(s);
                length = bytes.Length;
                break;
            case GoList list:
                length = list.Count;
                break;
            default:
                throw new FunctionException($"can't slice item of type {GoValue.TypeName(item)}");
        }
        Span<int> bounds = [0, length, length];
        for (int i = 0; i < indexes.Length; i++) bounds[i] = IndexArgument(indexes[i], length);
        if (bounds[0] > bounds[1]) throw new FunctionException($"invalid slice index: {bounds[0]} > {bounds[1]}");
        if (indexes.Length == 3 && bounds[1] > bounds[2]) throw new FunctionException($"invalid slice index: {bounds[1]} > {bounds[2]}");
        return bytes != null
            ? Encoding.UTF8.GetString(bytes, bounds[0], bounds[1] - bounds[0])
            : ((GoList)item).Slice(bounds[0], bounds[1]);
    }

    public static long Length(object? item) => item switch
    {
        null => throw new FunctionException("len of nil pointer"),
        string s => Encoding.UTF8.GetByteCount(s),
        GoList list => list.Count,
        JsonObject obj => obj.Count,
        _ => throw new FunctionException($"len of type {GoValue.TypeName(item)}"),
    };

    /// <summary>An index must be an integer between 0 and the capacity, as Go checks it.</summary>
    private static int IndexArgument(object? index, int capacity)
    {
        long x = index switch
        {
            long l => l,
            ulong u => u > long.MaxValue ? -1 : (long)u,
            null => throw new FunctionException("cannot index slice/array with nil"),
            _ => throw new FunctionException($"cannot index slice/array with type {GoValue.TypeName(index)}"),
        };
        if (x < 0 || x > capacity) throw new FunctionException($"index out of range: {x}");
        return (int)x;
    }
}
