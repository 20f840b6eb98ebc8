using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Build.Context;

/// <summary>Go's filepath.Match syntax (*, ?, [classes], \ escapes) as a regex; with "**" for .dockerignore.</summary>
public static class GlobRegex
{
    public static Regex Compile(string pattern, bool doubleStar) => new("^" + Translate(pattern, doubleStar) + "$", RegexOptions.CultureInvariant);

    static string Translate(string pattern, bool doubleStar)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && doubleStar && i + 1 < pattern.Length && pattern[i + 1] == '*')
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
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else if (c == '[' && pattern.IndexOf(']', i + 1) is var end && end > i)
            {
                var body = pattern[(i + 1)..end];
                if (body.StartsWith('^') || body.StartsWith('!')) body = "^" + body[1..];
                regex.Append('[').Append(body.Replace("\\", "\\\\")).Append(']');
                i = end;
            }
            else if (c == '\\' && i + 1 < pattern.Length) regex.Append(Regex.Escape(pattern[++i].ToString()));
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return regex.ToString();
    }
}
