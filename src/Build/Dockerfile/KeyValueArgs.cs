using System.Text;

namespace Berth.Build.Dockerfile;

/// <summary>
/// ENV, LABEL and ARG arguments: "K=V K2=V2" (quotes and escapes kept for substitution to remove),
/// or the legacy "K V with spaces" form of ENV and LABEL.
/// </summary>
public static class KeyValueArgs
{
    public static List<(string Key, string? RawValue)> Parse(InstructionNode node, char escape, bool allowLegacy, bool allowBare)
    {
        var words = SplitKeepingQuotes(node.Arguments, escape);
        if (words.Count == 0) throw DockerfileError.At(node.Line, $"{node.Keyword} requires at least one argument");
        var result = new List<(string, string?)>();
        if (allowLegacy && !words[0].Contains('='))
        {
            var rest = node.Arguments[words[0].Length..].TrimStart();
            if (rest.Length == 0) throw DockerfileError.At(node.Line, $"{node.Keyword} names {words[0]} but gives no value", $"write {node.Keyword} {words[0]}=VALUE");
            result.Add((words[0], rest));
            return result;
        }
        foreach (var word in words)
        {
            var eq = word.IndexOf('=');
            if (eq < 0)
            {
                if (!allowBare) throw DockerfileError.At(node.Line, $"{node.Keyword} names {word} without a value", $"write {word}=VALUE");
                result.Add((word, null));
                continue;
            }
            if (eq == 0) throw DockerfileError.At(node.Line, $"{node.Keyword} has an empty name in '{word}'");
            result.Add((word[..eq], word[(eq + 1)..]));
        }
        return result;
    }

    /// <summary>Splits on unquoted whitespace, keeping quotes and escapes in the words.</summary>
    public static List<string> SplitKeepingQuotes(string text, char escape)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote == '\0' && char.IsWhiteSpace(c))
            {
                if (word.Length > 0) words.Add(word.ToString());
                word.Clear();
                continue;
            }
            word.Append(c);
            if (c == escape && quote != '\'' && i + 1 < text.Length) word.Append(text[++i]);
            else if (quote == '\0' && c is '"' or '\'') quote = c;
            else if (c == quote) quote = '\0';
        }
        if (word.Length > 0) words.Add(word.ToString());
        return words;
    }
}
