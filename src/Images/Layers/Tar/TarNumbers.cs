using System.Buffers.Text;

namespace Berth.Images.Layers.Tar;

/// <summary>Numeric header fields: octal text, or GNU base-256 when the top bit of the first byte is set.</summary>
static class TarNumbers
{
    /// <summary>Parses a field, refusing text that is neither octal nor base-256, and values that overflow.</summary>
    public static long Parse(ReadOnlySpan<byte> field, string fieldName) =>
        (field[0] & 0x80) != 0 ? ParseBase256(field, fieldName) : ParseOctal(field, fieldName);

    /// <summary>Octal, padded with NULs or spaces on either side (writers disagree on which).</summary>
    public static long ParseOctal(ReadOnlySpan<byte> field, string fieldName)
    {
        field = field.Trim((byte)0).Trim((byte)' ').Trim((byte)0);
        long value = 0;
        foreach (var b in field)
        {
            var digit = b - '0';
            if ((uint)digit > 7 || value > (long.MaxValue >> 3)) throw LayerRefusal.Corrupt($"bad {fieldName} field in a header");
            value = (value << 3) | (uint)digit;
        }
        return value;
    }

    /// <summary>Big-endian two's complement in the bytes after the marker bit (0x80 positive, 0xff negative).</summary>
    static long ParseBase256(ReadOnlySpan<byte> field, string fieldName)
    {
        var negative = (field[0] & 0x40) != 0;
        byte invert = negative ? (byte)0xff : (byte)0;
        ulong magnitude = 0;
        for (var i = 0; i < field.Length; i++)
        {
            var b = (byte)(field[i] ^ invert);
            if (i == 0) b &= 0x7f;
            if (magnitude >> 55 != 0) throw LayerRefusal.Corrupt($"{fieldName} field out of range in a header");
            magnitude = (magnitude << 8) | b;
        }
        if (magnitude > long.MaxValue) throw LayerRefusal.Corrupt($"{fieldName} field out of range in a header");
        return negative ? -(long)magnitude - 1 : (long)magnitude;
    }

    /// <summary>Decimal as PAX records write it; no sign, no spaces.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var used) && used == text.Length && value >= 0 && text.Length > 0 && text[0] != (byte)'-' && text[0] != (byte)'+';

    /// <summary>Writes value as zero-padded octal filling all but the last byte of the field, which stays NUL.</summary>
    public static bool TryFormatOctal(long value, Span<byte> field)
    {
        var digits = field.Length - 1;
        if (value < 0 || (digits < 21 && value >= 1L << (3 * digits))) return false;
        for (var i = digits - 1; i >= 0; i--, value >>= 3) field[i] = (byte)('0' + (value & 7));
        field[digits] = 0;
        return true;
    }
}
