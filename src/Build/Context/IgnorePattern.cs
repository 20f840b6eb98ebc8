using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Build.Context;

/// <summary>One .dockerignore line: a cleaned path pattern (Go's filepath.Match plus "**"), maybe an exception ("!").</summary>
public sealed class IgnorePattern
{
    readonly Regex _regex;

    IgnorePattern(string text, bool exclusion)
    {
        Text = text;
        IsException = exclusion;
        _regex = new Regex(ToRegex(text), RegexOptions.CultureInvariant);
    }

    public string Text { get; }
    public bool IsException { get; }

    public static IgnorePattern? Parse(string line)
    {
        var text = line.Trim();
        if (text.Length == 0 || text[0] == '#') return null;
        var exception = text[0] == '!';
        if (exception) text = text[1..].Trim();
        text = ContextPaths.Clean(text);
        if (text.Length == 0) return null;
        return new IgnorePattern(text, exception);
    }

    /// <summary>True when the pattern matches the path or one of its parent directories.</summary>
    public bool Matches(string path)
    {
        if (_regex.IsMatch(path)) return true;
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            if (_regex.IsMatch(path.AsSpan(0, slash))) return true;
        return false;
    }

    static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    i++;
                    // "**/" matches zero or more directories; a trailing "**" matches everything below.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        regex.Append("(.*/)?");
                    }
                    else regex.Append(".*");
                }
                else regex.Append("[^/]*");
            }
            else if (c == '?') regex.Append("[^/]");
            else if (c == '[')
            {
                var end = pattern.IndexOf(']', i + 1);
                if (end < 0)
                {
                    regex.Append("\\[");
                    continue;
                }
                var body = pattern[(i + 1)..end];
                if (body.StartsWith('^') || body.StartsWith('!')) body = "^" + body[1..];
                regex.Append('[').Append(body.Replace("\\", "\\\\")).Append(']');
                i = end;
            }
            else if (c == '\\' && i + 1 < pattern.Length) regex.Append(Regex.Escape(pattern[++i].ToString()));
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return regex.Append('$').ToString();
    }
}
