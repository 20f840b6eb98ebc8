using System.Text;

namespace Berth.Templates.Formatting;

/// <summary>
/// Go's strconv quoting (Quote, QuoteToASCII, QuoteRune, CanBackquote). Error messages and %q
/// output embed Go-quoted strings, so the escapes must be Go's: \a \b \f \n \r \t \v, \xHH for
/// other controls, \uHHHH / \UHHHHHHHH for unprintable code points, printable Unicode kept as is.
/// </summary>
internal static class GoQuote
{
    private const string LowerHex = "0123456789abcdef";

    public static string Quote(string s, bool asciiOnly = false)
    {
        var sb = new StringBuilder(s.Length + 2);
        AppendQuoted(sb, s, asciiOnly);
        return sb.ToString();
    }

    public static void AppendQuoted(StringBuilder sb, string s, bool asciiOnly = false)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length;)
        {
            int r = GoUnicode.RuneAt(s, i, out int width);
            i += width;
            AppendEscapedRune(sb, r, '"', asciiOnly);
        }
        sb.Append('"');
    }

    public static string QuoteRune(int r, bool asciiOnly = false)
    {
        if (!GoUnicode.IsValidRune(r)) r = GoUnicode.ReplacementChar;
        var sb = new StringBuilder(4);
        sb.Append('\'');
        AppendEscapedRune(sb, r, '\'', asciiOnly);
        sb.Append('\'');
        return sb.ToString();
    }

    /// <summary>Whether <paramref name="s"/> survives unchanged inside a single-line `raw string`.</summary>
    public static bool CanBackquote(string s)
    {
        for (int i = 0; i < s.Length;)
        {
            bool wellFormed = GoUnicode.TryRuneAt(s, i, out int r, out int width);
            i += width;
            if (!wellFormed) return false;
            if (r >= 0x80)
            {
                if (r == 0xFEFF) return false; // a BOM is invisible, so it must not hide in a raw string
                continue;
            }
            if ((r < ' ' && r != '\t') || r == '`' || r == 0x7F) return false;
        }
        return true;
    }

    private static void AppendEscapedRune(StringBuilder sb, int r, char quote, bool asciiOnly)
    {
        if (r == quote || r == '\\')
        {
            sb.Append('\\').Append((char)r);
            return;
        }
        if (asciiOnly ? r < 0x80 && GoUnicode.IsPrint(r) : GoUnicode.IsPrint(r))
        {
            GoUnicode.AppendRune(sb, r);
            return;
        }
        switch (r)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }
        if (r < ' ' || r == 0x7F)
        {
            sb.Append("\\x").Append(LowerHex[r >> 4]).Append(LowerHex[r & 0xF]);
        }
        else if (r < 0x10000)
        {
            sb.Append("\\u");
            AppendHex(sb, r, 4);
        }
        else
        {
            sb.Append("\\U");
            AppendHex(sb, r, 8);
        }
    }

    private static void AppendHex(StringBuilder sb, int value, int digits)
    {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) sb.Append(LowerHex[(value >> shift) & 0xF]);
    }
}
