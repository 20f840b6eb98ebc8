using System.Globalization;
using System.Text;
using Berth.Templates.Formatting;

namespace Berth.Templates.Functions;

/// <summary>html, js and urlquery: escape the fmt.Sprint of their arguments, as Go's do.</summary>
internal static class EscapeFunctions
{
    private const string UpperHex = "0123456789ABCDEF";

    public static string Html(object?[] args)
    {
        string s = Text(args);
        if (s.AsSpan().IndexOfAny("'\"&<>\0") < 0) return s;
        var sb = new StringBuilder(s.Length + 16);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\0': sb.Append('\uFFFD'); break;
                case '"': sb.Append("&#34;"); break; // shorter than &quot;
                case '\'': sb.Append("&#39;"); break; // &apos; is not HTML 4
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    public static string JavaScript(object?[] args)
    {
        string s = Text(args);
        var sb = new StringBuilder(s.Length + 16);
        for (int i = 0; i < s.Length;)
        {
            int r = GoUnicode.RuneAt(s, i, out int width);
            i += width;
            switch (r)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case '"': sb.Append("\\\""); break;
                case '<': sb.Append("\\u003C"); break;
                case '>': sb.Append("\\u003E"); break;
                case '&': sb.Append("\\u0026"); break;
                case '=': sb.Append("\\u003D"); break;
                default:
                    if (r < ' ')
                    {
                        sb.Append("\\u00").Append(UpperHex[r >> 4]).Append(UpperHex[r & 0xF]);
                    }
                    else if (r < 0x80 || GoUnicode.IsPrint(r))
                    {
                        GoUnicode.AppendRune(sb, r);
                    }
                    else
                    {
                        sb.Append("\\u").Append(r.ToString("X4", CultureInfo.InvariantCulture));
                    }
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Go's url.QueryEscape: unreserved bytes stay, space becomes '+', the rest %XX.</summary>
    public static string UrlQuery(object?[] args)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Text(args));
        var sb = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
                sb.Append((char)b);
            else if (b == ' ')
                sb.Append('+');
            else
                sb.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 0xF]);
        }
        return sb.ToString();
    }

    /// <summary>The text the escapers work on: a lone string as is, otherwise fmt.Sprint of the arguments.</summary>
    private static string Text(object?[] args)
    {
        if (args.Length == 1 && args[0] is string s) return s;
        // Go's evalArgs prints a nil argument as "<no value>" here, not fmt's "<nil>".
        var printable = new object?[args.Length];
        for (int i = 0; i < args.Length; i++) printable[i] = args[i] ?? "<no value>";
        return GoPrinter.Sprint(printable);
    }
}
