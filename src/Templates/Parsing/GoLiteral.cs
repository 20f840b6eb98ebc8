using System.Globalization;
using System.Text;

namespace Berth.Templates.Parsing;

/// <summary>
/// Go's strconv.Unquote and UnquoteChar for template literals: "interpreted" strings with Go's
/// escapes (\n, \t, \x41, \101, \u00e9, \U0001F600...), `raw` strings, and 'c' character constants.
/// \x and octal escapes are bytes, so "\xc3\xa9" is "é", exactly as in Go.
/// </summary>
internal static class GoLiteral
{
    /// <summary>Unquotes a "..." or `...` literal; false means Go's "invalid syntax".</summary>
    public static bool TryUnquote(string quoted, out string value)
    {
        value = "";
        if (quoted.Length < 2 || quoted[^1] != quoted[0]) return false;
        string body = quoted[1..^1];
        if (quoted[0] == '`')
        {
            if (body.Contains('`')) return false;
            value = body.Contains('\r') ? body.Replace("\r", "", StringComparison.Ordinal) : body; // Go drops CRs from raw strings
            return true;
        }
        if (quoted[0] != '"') return false;
        if (!body.Contains('\\'))
        {
            if (body.Contains('"') || body.Contains('\n')) return false;
            value = body;
            return true;
        }

        var bytes = new List<byte>(body.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < body.Length;)
        {
            if (!TryUnquoteChar(body, ref i, '"', out int r, out bool isByte)) return false;
            if (isByte)
            {
                bytes.Add((byte)r);
            }
            else
            {
                int n = new Rune(r).EncodeToUtf8(utf8);
                for (int k = 0; k < n; k++) bytes.Add(utf8[k]);
            }
        }
        value = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }

    /// <summary>Decodes a 'c' character constant to its code point.</summary>
    public static bool TryUnquoteCharConstant(string text, out int rune, out string? error)
    {
        rune = 0;
        error = null;
        if (text.Length < 2 || text[0] != '\'')
        {
            error = "invalid syntax";
            return false;
        }
        string body = text[1..];
        int i = 0;
        if (!TryUnquoteChar(body, ref i, '\'', out rune, out _))
        {
            error = "invalid syntax";
            return false;
        }
        if (body[i..] != "'")
        {
            error = "malformed character constant: " + text;
            return false;
        }
        return true;
    }

    /// <summary>
    /// Decodes one possibly escaped character at <paramref name="i"/>. <paramref name="isByte"/> is
    /// set for \x and octal escapes, which denote a single byte rather than a code point.
    /// </summary>
    private static bool TryUnquoteChar(string s, ref int i, char quote, out int value, out bool isByte)
    {
        value = 0;
        isByte = false;
        char c = s[i];
        if (c == quote) return false;
        if (c != '\\')
        {
            var status = Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out int width);
            if (status != System.Buffers.OperationStatus.Done) return false;
            value = rune.Value;
            i += width;
            return true;
        }
        if (i + 1 >= s.Length) return false;
        c = s[i + 1];
        i += 2;
        switch (c)
        {
            case 'a': value = '\a'; return true;
            case 'b': value = '\b'; return true;
            case 'f': value = '\f'; return true;
            case 'n': value = '\n'; return true;
            case 'r': value = '\r'; return true;
            case 't': value = '\t'; return true;
            case 'v': value = '\v'; return true;
            case '\\': value = '\\'; return true;
            case '\'' or '"':
                value = c;
                return c == quote;
            case 'x' or 'u' or 'U':
                int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                if (i + digits > s.Length) return false;
                if (!int.TryParse(s.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) || value < 0) return false;
                i += digits;
                if (c == 'x')
                {
                    isByte = true;
                    return true;
                }
                return Formatting.GoUnicode.IsValidRune(value);
            case >= '0' and <= '7':
                value = c - '0';
                if (i + 2 > s.Length) return false;
                for (int k = 0; k < 2; k++)
                {
                    char d = s[i + k];
                    if (d < '0' || d > '7') return false;
                    value = value * 8 + (d - '0');
                }
                i += 2;
                isByte = true;
                return value <= 255;
            default:
                return false;
        }
    }
}
