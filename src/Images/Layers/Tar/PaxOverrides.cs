using System.Text;

namespace Berth.Images.Layers.Tar;

/// <summary>
/// The records of a PAX extended header ('x') that berth honours, parsed from raw bytes so that
/// binary xattr values (security.capability, ACLs) and values containing newlines stay exact.
/// </summary>
sealed class PaxOverrides
{
    static readonly UTF8Encoding Utf8 = new(false, false);

    public string? Path, LinkPath;
    public long? Size, Uid, Gid;
    public (long Seconds, uint Nanoseconds)? Mtime;
    public readonly List<Xattr> Xattrs = [];

    public void Clear()
    {
        Path = LinkPath = null;
        Size = Uid = Gid = null;
        Mtime = null;
        Xattrs.Clear();
    }

    /// <summary>Parses "LENGTH KEY=VALUE\n" records; <paramref name="headerName"/> names the block in errors.</summary>
    public void Parse(ReadOnlySpan<byte> records, string headerName)
    {
        while (records.Length > 0)
        {
            var space = records.IndexOf((byte)' ');
            if (space <= 0 || !TarNumbers.TryParseDecimal(records[..space], out var length) || length < space + 3 || length > records.Length)
                throw LayerRefusal.Entry(headerName, "has a malformed PAX record");
            var record = records[(space + 1)..(int)length];
            var equals = record.IndexOf((byte)'=');
            if (record[^1] != (byte)'\n' || equals <= 0) throw LayerRefusal.Entry(headerName, "has a malformed PAX record");
            Apply(record[..equals], record[(equals + 1)..^1], headerName);
            records = records[(int)length..];
        }
    }

    void Apply(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, string headerName)
    {
        if (key.StartsWith(XattrPrefix)) AddXattr(key[XattrPrefix.Length..], value, headerName);
        else if (key.StartsWith("GNU.sparse."u8)) throw LayerRefusal.Entry(headerName, "is a GNU sparse file, which layers may not hold");
        else if (value.IsEmpty) return; // An empty value deletes a global setting; berth applies none.
        else if (key.SequenceEqual("path"u8)) Path = Name(value, headerName);
        else if (key.SequenceEqual("linkpath"u8)) LinkPath = Name(value, headerName);
        else if (key.SequenceEqual("size"u8)) Size = Number(value, "size", headerName);
        else if (key.SequenceEqual("uid"u8)) Uid = Number(value, "uid", headerName);
        else if (key.SequenceEqual("gid"u8)) Gid = Number(value, "gid", headerName);
        else if (key.SequenceEqual("mtime"u8)) Mtime = Time(value, headerName);
        // Everything else (atime, ctime, uname, gname, comments, vendor records) does not change what is unpacked.
    }

    static ReadOnlySpan<byte> XattrPrefix => "SCHILY.xattr."u8;

    void AddXattr(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, string headerName)
    {
        if (name.IsEmpty || name.Contains((byte)0)) throw LayerRefusal.Entry(headerName, "has a PAX xattr record with an invalid name");
        Xattrs.Add(new Xattr(Utf8.GetString(name), value.ToArray()));
    }

    /// <summary>Names are bounded and free of NUL, which would cut the path short in a system call.</summary>
    public static string Name(ReadOnlySpan<byte> value, string headerName)
    {
        if (value.Length > TarLayout.MaxNameBytes)
            throw LayerRefusal.Entry(Utf8.GetString(value[..Math.Min(value.Length, 256)]), $"has a name of {value.Length} bytes, over the {TarLayout.MaxNameBytes}-byte limit");
        if (value.Contains((byte)0)) throw LayerRefusal.Entry(headerName, "has a NUL byte in its name");
        return Utf8.GetString(value);
    }

    static long Number(ReadOnlySpan<byte> value, string key, string headerName) =>
        TarNumbers.TryParseDecimal(value, out var number) ? number : throw LayerRefusal.Entry(headerName, $"has a bad PAX {key} record");

    /// <summary>"SECONDS[.FRACTION]", possibly negative; the fraction is kept to the nanosecond.</summary>
    static (long, uint) Time(ReadOnlySpan<byte> value, string headerName)
    {
        var negative = value[0] == (byte)'-';
        if (negative) value = value[1..];
        var dot = value.IndexOf((byte)'.');
        var whole = dot < 0 ? value : value[..dot];
        if (!TarNumbers.TryParseDecimal(whole, out var seconds)) throw LayerRefusal.Entry(headerName, "has a bad PAX mtime record");
        uint nanoseconds = 0;
        if (dot >= 0)
        {
            var fraction = value[(dot + 1)..];
            for (var i = 0; i < 9; i++)
            {
                var digit = i < fraction.Length ? fraction[i] - '0' : 0;
                if ((uint)digit > 9) throw LayerRefusal.Entry(headerName, "has a bad PAX mtime record");
                nanoseconds = nanoseconds * 10 + (uint)digit;
            }
        }
        if (!negative) return (seconds, nanoseconds);
        return nanoseconds == 0 ? (-seconds, 0) : (-seconds - 1, 1_000_000_000 - nanoseconds);
    }
}
