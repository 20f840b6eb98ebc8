using System.Text;
using Berth.Templates.Formatting;
using Berth.Templates.Values;

namespace Berth.Templates.Functions;

/// <summary>The functions the docker CLI adds to every --format template.</summary>
internal static class DockerFunctions
{
    /// <summary>
    /// docker's json: encoding/json with HTML escaping off and the trailing newline trimmed.
    /// Docker ignores encoding errors, so a value with no JSON form prints nothing.
    /// </summary>
    public static string Json(object? value) => JsonEncoder.Encode(value) ?? "";

    /// <summary>strings.Join. Docker's parameter is []string; berth prints non-string elements with %v instead of failing.</summary>
    public static string Join(object? list, string separator)
    {
        if (list is not GoList items || items.Count == 0) return "";
        var sb = new StringBuilder();
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(separator);
            sb.Append(GoPrinter.FormatValue(items[i]));
        }
        return sb.ToString();
    }

    /// <summary>strings.Split: "" splits into characters, and splitting "" gives one empty string.</summary>
    public static GoList Split(string s, string separator)
    {
        object?[] parts;
        if (separator.Length == 0)
        {
            var runes = new List<object?>();
            for (int i = 0; i < s.Length;)
            {
                GoUnicode.RuneAt(s, i, out int width);
                runes.Add(s.Substring(i, width));
                i += width;
            }
            parts = runes.ToArray();
        }
        else
        {
            parts = s.Split(separator);
        }
        return new GoList(parts, "[]string");
    }

    /// <summary>strings.Title: upper-cases the first letter of every word (words end at spaces and punctuation).</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        int previous = ' ';
        for (int i = 0; i < s.Length;)
        {
            int r = GoUnicode.RuneAt(s, i, out int width);
            i += width;
            GoUnicode.AppendRune(sb, IsSeparator(previous) ? GoUnicode.ToUpper(r) : r);
            previous = r;
        }
        return sb.ToString();
    }

    private static bool IsSeparator(int r)
    {
        if (r <= 0x7F)
        {
            return !(char.IsAsciiLetterOrDigit((char)r) || r == '_');
        }
        if (GoUnicode.IsLetter(r) || GoUnicode.IsDigit(r)) return false;
        return GoUnicode.IsSpace(r);
    }

    /// <summary>docker's pad: spaces on both sides, but an empty string stays empty.</summary>
    public static string Pad(string s, long left, long right)
    {
        if (s.Length == 0) return s;
        if (left < 0 || right < 0) throw new FunctionException("strings: negative Repeat count");
        return new string(' ', (int)left) + s + new string(' ', (int)right);
    }

    /// <summary>
    /// docker's truncate: the first n characters. Docker cuts bytes and can split a UTF-8 sequence;
    /// berth counts characters (code points) so it never emits half a character.
    /// </summary>
    public static string Truncate(string s, long length)
    {
        if (length < 0) throw new FunctionException($"runtime error: slice bounds out of range [:{length}]");
        int runes = 0;
        for (int i = 0; i < s.Length;)
        {
            if (runes == length) return s[..i];
            GoUnicode.RuneAt(s, i, out int width);
            i += width;
            runes++;
        }
        return s;
    }
}
