using System.Text;

namespace Berth.Images.Layers.Tar;

/// <summary>The PAX records an entry needs, written sorted by key so that the same entry always encodes the same.</summary>
sealed class PaxRecordSet
{
    readonly List<(string Key, byte[] Value)> records = [];

    public bool IsEmpty => records.Count == 0;

    public void Clear() => records.Clear();

    public void Add(string key, byte[] value) => records.Add((key, value));

    public void Add(string key, long value) => records.Add((key, Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>"LENGTH KEY=VALUE\n" each, where LENGTH counts the whole record including its own digits.</summary>
    public byte[] Encode()
    {
        records.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var output = new MemoryStream();
        foreach (var (key, value) in records)
        {
            var keyBytes = Encoding.UTF8.GetBytes(key);
            var body = 1 + keyBytes.Length + 1 + value.Length + 1; // space, key, '=', value, newline
            var length = body + Digits(body);
            if (Digits(length) != Digits(body)) length = body + Digits(length);
            output.Write(Encoding.ASCII.GetBytes(length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            output.WriteByte((byte)' ');
            output.Write(keyBytes);
            output.WriteByte((byte)'=');
            output.Write(value);
            output.WriteByte((byte)'\n');
        }
        return output.ToArray();
    }

    static int Digits(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
}
