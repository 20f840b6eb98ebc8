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
        _regex = GlobRegex.Compile(text, doubleStar: true);
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
}
