using System.Globalization;
using System.Text;

namespace Berth.Templates.Formatting;

/// <summary>How each Go verb renders a bool, an integer, a float and a string.</summary>
internal sealed partial class GoPrinter
{
    private const string LowerDigits = "0123456789abcdefx";
    private const string UpperDigits = "0123456789ABCDEFX";

    private void FormatBool(bool value, int verb)
    {
        if (verb is 't' or 'v') Pad(value ? "true" : "false");
        else BadVerb(verb, value);
    }

    private void FormatInteger(ulong value, bool signed, int verb)
    {
        switch (verb)
        {
            case 'v':
                if (_f.SharpV && !signed)
                {
                    bool sharp = _f.Sharp; // %#v of an unsigned integer is Go syntax: 0x...
                    _f.Sharp = true;
                    FormatIntegerInBase(value, 16, false, verb, LowerDigits);
                    _f.Sharp = sharp;
                }
                else
                {
                    FormatIntegerInBase(value, 10, signed, verb, LowerDigits);
                }
                break;
            case 'd': FormatIntegerInBase(value, 10, signed, verb, LowerDigits); break;
            case 'b': FormatIntegerInBase(value, 2, signed, verb, LowerDigits); break;
            case 'o':
            case 'O': FormatIntegerInBase(value, 8, signed, verb, LowerDigits); break;
            case 'x': FormatIntegerInBase(value, 16, signed, verb, LowerDigits); break;
            case 'X': FormatIntegerInBase(value, 16, signed, verb, UpperDigits); break;
            case 'c': Pad(RuneString(value)); break;
            case 'q': Pad(GoQuote.QuoteRune(ToRune(value), _f.Plus)); break;
            case 'U': FormatUnicode(value); break;
            default: BadVerb(verb, signed ? unchecked((long)value) : value); break;
        }
    }

    private void FormatIntegerInBase(ulong u, int numberBase, bool signed, int verb, string digits)
    {
        bool negative = signed && unchecked((long)u) < 0;
        if (negative) u = unchecked(0 - u);

        // Two ways to ask for leading zeros: %.3d (precision) and %03d (zero flag with width).
        int precision = 0;
        if (_f.HasPrecision)
        {
            precision = _f.Precision;
            if (precision == 0 && u == 0)
            {
                bool zero = _f.Zero; // "%.0d" of 0 prints nothing but padding
                _f.Zero = false;
                WritePadding(_f.Width);
                _f.Zero = zero;
                return;
            }
        }
        else if (_f.Zero && !_f.Minus && _f.HasWidth)
        {
            precision = _f.Width;
            if (negative || _f.Plus || _f.Space) precision--; // leave room for the sign
        }

        // Built right to left, then reversed.
        var reversed = new StringBuilder(24);
        do
        {
            reversed.Append(digits[(int)(u % (ulong)numberBase)]);
            u /= (ulong)numberBase;
        }
        while (u != 0);
        while (reversed.Length < precision) reversed.Append('0');
        if (_f.Sharp)
        {
            switch (numberBase)
            {
                case 2: reversed.Append('b').Append('0'); break;
                case 8: if (reversed[^1] != '0') reversed.Append('0'); break;
                case 16: reversed.Append(digits[16]).Append('0'); break;
            }
        }
        if (verb == 'O') reversed.Append('o').Append('0');
        if (negative) reversed.Append('-');
        else if (_f.Plus) reversed.Append('+');
        else if (_f.Space) reversed.Append(' ');

        var chars = new char[reversed.Length];
        for (int i = 0; i < chars.Length; i++) chars[i] = reversed[chars.Length - 1 - i];

        bool oldZero = _f.Zero; // zeros, if any, are already in the digits
        _f.Zero = false;
        Pad(new string(chars));
        _f.Zero = oldZero;
    }

    private void FormatUnicode(ulong value)
    {
        int minDigits = _f.HasPrecision && _f.Precision > 4 ? _f.Precision : 4;
        var sb = new StringBuilder("U+");
        string hex = value.ToString("X", CultureInfo.InvariantCulture);
        if (hex.Length < minDigits) sb.Append('0', minDigits - hex.Length);
        sb.Append(hex);
        if (_f.Sharp && value <= GoUnicode.MaxRune && GoUnicode.IsPrint((int)value))
        {
            sb.Append(" '");
            GoUnicode.AppendRune(sb, (int)value);
            sb.Append('\'');
        }
        bool oldZero = _f.Zero;
        _f.Zero = false;
        Pad(sb.ToString());
        _f.Zero = oldZero;
    }

    private static int ToRune(ulong value) =>
        value <= GoUnicode.MaxRune && GoUnicode.IsValidRune((int)value) ? (int)value : GoUnicode.ReplacementChar;

    private static string RuneString(ulong value)
    {
        var sb = new StringBuilder(2);
        GoUnicode.AppendRune(sb, ToRune(value));
        return sb.ToString();
    }

    private void FormatFloat(double value, int verb)
    {
        switch (verb)
        {
            case 'v': FormatFloat(value, 'g', -1); break;
            case 'g':
            case 'G': FormatFloat(value, (char)verb, -1); break;
            case 'e':
            case 'E':
            case 'f': FormatFloat(value, (char)verb, 6); break;
            case 'F': FormatFloat(value, 'f', 6); break;
            default: BadVerb(verb, value); break;
        }
    }

    private void FormatFloat(double value, char fmt, int precision)
    {
        if (_f.HasPrecision) precision = _f.Precision;
        string num = GoFloat.Format(value, fmt, precision);
        char sign = '+';
        if (num[0] is '-' or '+')
        {
            sign = num[0];
            num = num[1..];
        }
        if (_f.Space && sign == '+' && !_f.Plus) sign = ' ';

        if (num is "Inf" or "NaN")
        {
            // Not numbers, so never padded with zeros; NaN shows a sign only when asked.
            bool oldZero = _f.Zero;
            _f.Zero = false;
            Pad(num == "NaN" && !_f.Space && !_f.Plus ? num : sign + num);
            _f.Zero = oldZero;
            return;
        }
        if (_f.Plus || sign != '+')
        {
            if (_f.Zero && !_f.Minus && _f.HasWidth && _f.Width > num.Length + 1)
            {
                _buf.Append(sign); // the sign goes before the zero padding
                WritePadding(_f.Width - num.Length - 1);
                _buf.Append(num);
                return;
            }
            Pad(sign + num);
            return;
        }
        Pad(num);
    }

    private void FormatString(string value, int verb)
    {
        switch (verb)
        {
            case 'v':
                if (_f.SharpV) FormatQuoted(value);
                else Pad(Truncate(value));
                break;
            case 's': Pad(Truncate(value)); break;
            case 'x': FormatHexBytes(value, LowerDigits); break;
            case 'X': FormatHexBytes(value, UpperDigits); break;
            case 'q': FormatQuoted(value); break;
            default: BadVerb(verb, value); break;
        }
    }

    /// <summary>The precision of %s and %q is a count of code points.</summary>
    private string Truncate(string s)
    {
        if (!_f.HasPrecision) return s;
        int runes = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (runes == _f.Precision) return s[..i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            runes++;
        }
        return s;
    }

    private void FormatQuoted(string value)
    {
        value = Truncate(value);
        if (_f.Sharp && GoQuote.CanBackquote(value)) Pad("`" + value + "`");
        else Pad(GoQuote.Quote(value, asciiOnly: _f.Plus));
    }

    /// <summary>%x of a string: its UTF-8 bytes in hex; "% x" spaces them, "%#x" adds 0x.</summary>
    private void FormatHexBytes(string value, string digits)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        int length = bytes.Length;
        if (_f.HasPrecision && _f.Precision < length) length = _f.Precision; // precision counts bytes here
        int width = 2 * length;
        if (width > 0)
        {
            if (_f.Space)
            {
                if (_f.Sharp) width *= 2;
                width += length - 1;
            }
            else if (_f.Sharp)
            {
                width += 2;
            }
        }
        else
        {
            if (_f.HasWidth) WritePadding(_f.Width);
            return;
        }
        if (_f.HasWidth && _f.Width > width && !_f.Minus) WritePadding(_f.Width - width);
        if (_f.Sharp) _buf.Append('0').Append(digits[16]);
        for (int i = 0; i < length; i++)
        {
            if (_f.Space && i > 0)
            {
                _buf.Append(' ');
                if (_f.Sharp) _buf.Append('0').Append(digits[16]);
            }
            _buf.Append(digits[bytes[i] >> 4]).Append(digits[bytes[i] & 0xF]);
        }
        if (_f.HasWidth && _f.Width > width && _f.Minus) WritePadding(_f.Width - width);
    }
}
