using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Templates.Formatting;
using Berth.Templates.Values;

namespace Berth.Templates.Functions;

/// <summary>
/// Go's encoding/json output for docker's {{json .}}: compact, no HTML escaping (docker turns it
/// off), Go's string escapes (\n, \t, \b, \f, \u00XX, and \u2028/\u2029 always), floats in Go's
/// shortest form. Objects keep the data's key order: berth emits fields in docker's struct order.
/// </summary>
internal static class JsonEncoder
{
    private const string LowerHex = "0123456789abcdef";

    /// <summary>The encoding, or null if the value has no JSON form (NaN or an infinity).</summary>
    public static string? Encode(object? value)
    {
        var sb = new StringBuilder();
        return Append(sb, value) ? sb.ToString() : null;
    }

    private static bool Append(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); return true;
            case bool b: sb.Append(b ? "true" : "false"); return true;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); return true;
            case ulong u: sb.Append(u.ToString(CultureInfo.InvariantCulture)); return true;
            case double d: return AppendFloat(sb, d);
            case string s: AppendString(sb, s); return true;
            case GoList list:
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    if (!Append(sb, list[i])) return false;
                }
                sb.Append(']');
                return true;
            case JsonObject obj:
                sb.Append('{');
                bool first = true;
                foreach (var entry in obj)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    AppendString(sb, entry.Key);
                    sb.Append(':');
                    if (!Append(sb, GoValue.FromNode(entry.Value))) return false;
                }
                sb.Append('}');
                return true;
            default:
                AppendString(sb, value.ToString() ?? "");
                return true;
        }
    }

    /// <summary>Like JavaScript: plain digits from 1e-6 up to 1e21, exponent form outside, "1e-7" not "1e-07".</summary>
    private static bool AppendFloat(StringBuilder sb, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return false;
        double abs = Math.Abs(value);
        char fmt = abs != 0 && (abs < 1e-6 || abs >= 1e21) ? 'e' : 'f';
        string text = GoFloat.Format(value, fmt, -1);
        if (fmt == 'e')
        {
            int n = text.Length;
            if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0') text = text[..(n - 2)] + text[n - 1];
        }
        sb.Append(text);
        return true;
    }

    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length;)
        {
            bool wellFormed = GoUnicode.TryRuneAt(s, i, out int r, out int width);
            i += width;
            if (!wellFormed)
            {
                sb.Append("\\ufffd"); // Go replaces invalid UTF-8 the same way
                continue;
            }
            switch (r)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case 0x2028: sb.Append("\\u2028"); break; // line separators break JavaScript string literals
                case 0x2029: sb.Append("\\u2029"); break;
                default:
                    if (r < 0x20) sb.Append("\\u00").Append(LowerHex[r >> 4]).Append(LowerHex[r & 0xF]);
                    else GoUnicode.AppendRune(sb, r);
                    break;
            }
        }
        sb.Append('"');
    }
}
