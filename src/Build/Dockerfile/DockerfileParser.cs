using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Berth.Build.Dockerfile;

/// <summary>
/// Dockerfile text → instructions, as BuildKit's parser reads it: directives at the top, comments,
/// escape-continued lines, leading --flags, JSON (exec) forms and heredocs. No variable is
/// substituted here; that needs the build's args and env, which only the builder knows.
/// </summary>
public static partial class DockerfileParser
{
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
        "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    };

    static readonly HashSet<string> HeredocKeywords = ["RUN", "COPY", "ADD"];

    [GeneratedRegex(@"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")]
    private static partial Regex DirectivePattern();

    [GeneratedRegex(@"(?<=^|\s)<<(-?)(?:""([^""\s]+)""|'([^'\s]+)'|([A-Za-z0-9_]+))")]
    private static partial Regex HeredocPattern();

    public static ParsedDockerfile Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var index = 0;
        var escape = ReadDirectives(lines, ref index);
        var instructions = new List<InstructionNode>();
        while (index < lines.Length)
        {
            var line = lines[index];
            if (IsBlankOrComment(line))
            {
                index++;
                continue;
            }
            instructions.Add(ReadInstruction(lines, ref index, escape));
        }
        return new ParsedDockerfile(escape, instructions);
    }

    /// <summary>Parses one instruction line (ONBUILD triggers are stored as text and parsed again when they fire).</summary>
    public static InstructionNode ParseLine(string line, int lineNumber, char escape = '\\')
    {
        var index = 0;
        return ReadInstruction([line], ref index, escape, lineNumber);
    }

    static bool IsBlankOrComment(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length == 0 || trimmed[0] == '#';
    }

    static char ReadDirectives(string[] lines, ref int index)
    {
        var escape = '\\';
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (; index < lines.Length; index++)
        {
            var match = DirectivePattern().Match(lines[index].Trim());
            if (!match.Success) break;
            var key = match.Groups[1].Value.ToLowerInvariant();
            if (key is not ("escape" or "syntax" or "check")) break; // an unknown directive is a plain comment, and ends the directives
            if (!seen.Add(key)) throw DockerfileError.At(index + 1, $"only one {key} parser directive can be used");
            if (key == "escape")
            {
                var value = match.Groups[2].Value;
                if (value is not ("\\" or "`")) throw DockerfileError.At(index + 1, $"invalid escape token '{value}'", "use \\ or `");
                escape = value[0];
            }
        }
        return escape;
    }

    static InstructionNode ReadInstruction(string[] lines, ref int index, char escape, int? lineNumber = null)
    {
        var start = lineNumber ?? index + 1;
        var logical = new StringBuilder();
        while (index < lines.Length)
        {
            var line = lines[index++];
            if (logical.Length > 0 && IsBlankOrComment(line)) continue; // comments and blank lines inside a continuation vanish
            if (TrimContinuation(line, escape) is { } continued)
            {
                logical.Append(continued);
                continue;
            }
            logical.Append(line);
            break;
        }
        var text = logical.ToString().Trim();
        var split = text.IndexOfAny([' ', '\t']);
        var word = split < 0 ? text : text[..split];
        var keyword = word.ToUpperInvariant();
        if (!Keywords.Contains(keyword))
            throw DockerfileError.At(start, $"unknown instruction: {word}", Suggest(keyword));
        var rest = split < 0 ? "" : text[(split + 1)..].TrimStart();
        var flags = new List<string>();
        if (keyword != "ONBUILD") rest = ExtractFlags(rest, flags);
        var heredocs = HeredocKeywords.Contains(keyword) ? ReadHeredocs(rest, lines, ref index, start) : [];
        return new InstructionNode
        {
            Keyword = keyword,
            Flags = flags,
            Arguments = rest,
            Json = heredocs.Count == 0 ? TryJson(rest) : null,
            Heredocs = heredocs,
            Line = start,
            Original = string.Join(' ', new[] { keyword }.Concat(flags).Append(rest).Where(s => s.Length > 0)),
        };
    }

    /// <summary>The line without its trailing escape (and spaces after it), or null when it does not continue.</summary>
    static string? TrimContinuation(string line, char escape)
    {
        var trimmed = line.TrimEnd(' ', '\t');
        if (trimmed.Length == 0 || trimmed[^1] != escape) return null;
        // An escaped escape ("\\") at the end does not continue the line.
        var run = 0;
        for (var i = trimmed.Length - 1; i >= 0 && trimmed[i] == escape; i--) run++;
        return run % 2 == 1 ? trimmed[..^1] : null;
    }

    static string ExtractFlags(string rest, List<string> flags)
    {
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOfAny([' ', '\t']);
            flags.Add(end < 0 ? rest : rest[..end]);
            rest = end < 0 ? "" : rest[end..].TrimStart();
        }
        return rest;
    }

    static List<Heredoc> ReadHeredocs(string rest, string[] lines, ref int index, int start)
    {
        var result = new List<Heredoc>();
        foreach (Match match in HeredocPattern().Matches(rest))
        {
            var stripTabs = match.Groups[1].Value == "-";
            var quoted = !match.Groups[4].Success;
            var name = quoted ? (match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value) : match.Groups[4].Value;
            var body = new StringBuilder();
            var closed = false;
            while (index < lines.Length)
            {
                var line = lines[index++];
                if (stripTabs) line = line.TrimStart('\t');
                if (line == name)
                {
                    closed = true;
                    break;
                }
                body.Append(line).Append('\n');
            }
            if (!closed) throw DockerfileError.At(start, $"unterminated heredoc <<{name}", $"end it with a line that is exactly {name}");
            result.Add(new Heredoc(name, body.ToString(), !quoted));
        }
        return result;
    }

    static List<string>? TryJson(string rest)
    {
        if (!rest.StartsWith('[')) return null;
        try
        {
            using var doc = JsonDocument.Parse(rest);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return null;
            var list = new List<string>();
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String) return null;
                list.Add(item.GetString()!);
            }
            return list;
        }
        catch (JsonException)
        {
            return null; // not JSON: docker then takes the text as the shell form
        }
    }

    static string? Suggest(string keyword)
    {
        var best = Keywords.MinBy(k => Distance(k, keyword));
        return best is not null && Distance(best, keyword) <= 2 ? $"did you mean {best}?" : "see the Dockerfile reference for the instructions there are";
    }

    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
