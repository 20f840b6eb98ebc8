using System.Globalization;
using System.Text;

namespace Berth.Templates.Formatting;

/// <summary>Go's %#U rendering of a code point, used in lexer messages such as "bad character U+002B '+'".</summary>
internal static class GoRune
{
    public static string Describe(int r)
    {
        var sb = new StringBuilder("U+");
        sb.Append(r.ToString("X4", CultureInfo.InvariantCulture));
        if (GoUnicode.IsPrint(r))
        {
            sb.Append(" '");
            GoUnicode.AppendRune(sb, r);
            sb.Append('\'');
        }
        return sb.ToString();
    }
}
