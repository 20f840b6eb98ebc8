namespace Berth.Cli.Parsing;

/// <summary>
/// pflag's rules, which docker users' muscle memory encodes: --name=value, --name value, -abc for
/// combined booleans, -eK=V and -e K=V for values, --bool=false, and "--" to end the flags.
/// </summary>
public static class FlagParser
{
    public static ParsedArgs Parse(CommandSpec command, IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, List<string>>();
        var arguments = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                arguments.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal)) i = ParseLong(command, args, i, values);
            else if (arg.Length > 1 && arg[0] == '-') i = ParseShorts(command, args, i, values);
            else
            {
                arguments.Add(arg);
                if (command.StopAtFirstArgument)
                {
                    arguments.AddRange(args.Skip(i + 1));
                    break;
                }
            }
        }
        return new ParsedArgs(command, values, arguments);
    }

    static int ParseLong(CommandSpec command, IReadOnlyList<string> args, int i, Dictionary<string, List<string>> values)
    {
        var body = args[i][2..];
        var eq = body.IndexOf('=');
        var name = eq < 0 ? body : body[..eq];
        var flag = Find(command, name) ?? throw new UsageException($"unknown flag: --{name}");
        string value;
        if (eq >= 0) value = body[(eq + 1)..];
        else if (flag.Kind == FlagKind.Bool) value = "true";
        else if (i + 1 < args.Count) value = args[++i];
        else throw new UsageException($"flag needs an argument: --{name}");
        if (flag.Kind == FlagKind.Bool) ParsedArgs.ParseBool(value, ParsedArgs.FlagLabel(command, flag.Name));
        Add(values, flag, value);
        return i;
    }

    static int ParseShorts(CommandSpec command, IReadOnlyList<string> args, int i, Dictionary<string, List<string>> values)
    {
        var group = args[i][1..];
        for (var j = 0; j < group.Length; j++)
        {
            var c = group[j];
            var flag = command.Flags.FirstOrDefault(f => f.Short == c) ?? GlobalHelp(c)
                       ?? throw new UsageException($"unknown shorthand flag: '{c}' in -{group}");
            if (flag.Kind == FlagKind.Bool)
            {
                if (j + 1 < group.Length && group[j + 1] == '=')
                {
                    Add(values, flag, group[(j + 2)..]);
                    return i;
                }
                Add(values, flag, "true");
                continue;
            }
            string value;
            if (j + 1 < group.Length) value = group[j + 1] == '=' ? group[(j + 2)..] : group[(j + 1)..];
            else if (i + 1 < args.Count) value = args[++i];
            else throw new UsageException($"flag needs an argument: '{c}' in -{group}");
            Add(values, flag, value);
            return i;
        }
        return i;
    }

    static FlagSpec? Find(CommandSpec command, string name) =>
        command.Flags.FirstOrDefault(f => f.Name == name) ?? (name == "help" ? Help : null);

    static readonly FlagSpec Help = FlagSpec.Bool("help", null, "Print usage");

    static FlagSpec? GlobalHelp(char c) => c == 'h' ? Help : null;

    static void Add(Dictionary<string, List<string>> values, FlagSpec flag, string value)
    {
        if (!values.TryGetValue(flag.Name, out var list)) values[flag.Name] = list = [];
        if (flag.Kind == FlagKind.List) list.Add(value);
        else
        {
            list.Clear();
            list.Add(value);
        }
    }
}
