using System.Text;

namespace Berth.Images.Tests.Layers;

/// <summary>
/// Hand-made tar blocks for what TarWriter cannot express: binary PAX values (as Go and docker
/// write security.capability), oversized metadata, NUL bytes in names, broken checksums.
/// </summary>
sealed class RawTar
{
    readonly MemoryStream stream = new();

    public RawTar Pax(params (string Key, byte[] Value)[] records)
    {
        var data = records.SelectMany(r => Record(r.Key, r.Value)).ToArray();
        return Block("PaxHeaders.0/entry", (byte)'x', data);
    }

    public RawTar Block(string name, byte type, byte[] data, string linkName = "", int mode = 0x1a4)
    {
        stream.Write(Header(name, type, data.Length, linkName, mode));
        stream.Write(data);
        stream.Write(new byte[(512 - data.Length % 512) % 512]);
        return this;
    }

    public RawTar File(string name, string content) => Block(name, (byte)'0', Encoding.UTF8.GetBytes(content));

    public byte[] Build(bool endMarker = true)
    {
        if (endMarker) stream.Write(new byte[1024]);
        return stream.ToArray();
    }

    public static byte[] Record(string key, byte[] value)
    {
        var body = Encoding.UTF8.GetBytes(" " + key + "=").Concat(value).Append((byte)'\n').ToArray();
        var length = body.Length + 1;
        while (length.ToString().Length + body.Length != length) length = length.ToString().Length + body.Length;
        return Encoding.ASCII.GetBytes(length.ToString()).Concat(body).ToArray();
    }

    public static byte[] Header(string name, byte type, long size, string linkName = "", int mode = 0x1a4)
    {
        var header = new byte[512];
        Encoding.UTF8.GetBytes(name).AsSpan(0, Math.Min(100, Encoding.UTF8.GetByteCount(name))).CopyTo(header);
        Octal(header, 100, 8, mode);
        Octal(header, 108, 8, 0);
        Octal(header, 116, 8, 0);
        Octal(header, 124, 12, size);
        Octal(header, 136, 12, 1_600_000_000);
        header[156] = type;
        Encoding.UTF8.GetBytes(linkName).CopyTo(header, 157);
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(header, 257);
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        return header;
    }

    static void Octal(byte[] header, int offset, int length, long value) =>
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(length - 1, '0') + "\0").CopyTo(header, offset);
}
