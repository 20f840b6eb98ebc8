using System.Text;

namespace Berth.Templates.Parsing;

/// <summary>
/// Turns a char offset into Go's error location: a 1-based line and a 0-based column counted in
/// UTF-8 bytes, since Go positions are byte offsets. Only computed when an error is reported.
/// </summary>
internal static class SourceLocation
{
    public static int Line(string text, int pos)
    {
        int line = 1;
        int end = Math.Min(pos, text.Length);
        for (int i = 0; i < end; i++)
        {
            if (text[i] == '\n') line++;
        }
        return line;
    }

    public static int Column(string text, int pos)
    {
        int end = Math.Min(pos, text.Length);
        int lineStart = end == 0 ? 0 : text.LastIndexOf('\n', end - 1) + 1;
        return Encoding.UTF8.GetByteCount(text.AsSpan(lineStart, end - lineStart));
    }
}
