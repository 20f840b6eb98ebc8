using System.Text;

namespace Berth.Cli.Parsing;

/// <summary>docker's help layout: usage, description, aligned options.</summary>
public static class HelpText
{
    public static string For(CommandSpec command)
    {
        var text = new StringBuilder();
        text.Append($"\nUsage:  berth {command.Usage}\n\n{command.Description}\n");
        if (command.Aliases.Count > 0) text.Append($"\nAliases:\n  {string.Join(", ", command.Aliases.Select(a => "berth " + a))}\n");
        var flags = command.Flags.Where(f => !f.Hidden).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (flags.Count == 0) return text.ToString();
        text.Append("\nOptions:\n");
        var lefts = flags.Select(Left).ToList();
        var width = lefts.Max(l => l.Length) + 3;
        for (var i = 0; i < flags.Count; i++)
        {
            var help = flags[i].Help + (flags[i].Default is { Length: > 0 } d && flags[i].Kind != FlagKind.Bool ? $" (default {Quote(d, flags[i])})" : "");
            text.Append(lefts[i].PadRight(width)).Append(help).Append('\n');
        }
        return text.ToString();
    }

    static string Left(FlagSpec flag)
    {
        var head = flag.Short is { } s ? $"  -{s}, --{flag.Name}" : $"      --{flag.Name}";
        return flag.Kind == FlagKind.Bool ? head : $"{head} {flag.ValueName}";
    }

    static string Quote(string value, FlagSpec flag) => flag.ValueName == "string" ? $"\"{value}\"" : value;
}
