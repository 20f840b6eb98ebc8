using System.Globalization;
using Berth.Sys.Errors;

namespace Berth.Cli.Parsing;

/// <summary>The flags and arguments given to one command.</summary>
public sealed class ParsedArgs(CommandSpec command, Dictionary<string, List<string>> values, List<string> arguments)
{
    public CommandSpec Command => command;
    public IReadOnlyList<string> Arguments => arguments;

    public bool Has(string name) => values.ContainsKey(name);

    public string? Value(string name) =>
        values.TryGetValue(name, out var list) && list.Count > 0 ? list[^1] : command.Flags.FirstOrDefault(f => f.Name == name)?.Default;

    public IReadOnlyList<string> List(string name) => values.TryGetValue(name, out var list) ? list : [];

    public bool Bool(string name)
    {
        var value = Value(name);
        return value is not null && ParseBool(value, Label(name));
    }

    /// <summary>How pflag names a flag in its errors: "-m, --memory", or "--name" without a shorthand.</summary>
    public string Label(string name) => FlagLabel(command, name);

    public static string FlagLabel(CommandSpec command, string name) =>
        command.Flags.FirstOrDefault(f => f.Name == name)?.Short is { } s ? $"-{s}, --{name}" : $"--{name}";

    public int? Int(string name)
    {
        var value = Value(name);
        if (value is null) return null;
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n : throw new UsageException($"invalid argument \"{value}\" for \"{Label(name)}\" flag: strconv.ParseInt: parsing \"{value}\": invalid syntax");
    }

    /// <param name="label">The flag as errors name it, e.g. "-d, --detach".</param>
    public static bool ParseBool(string value, string label) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "t" => true,
        "false" or "0" or "f" => false,
        _ => throw new UsageException($"invalid argument \"{value}\" for \"{label}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax"),
    };
}

/// <summary>A command line that doesn't parse: docker prints it with a hint and exits 125.</summary>
public sealed class UsageException(string message) : BerthException(ErrorKind.InvalidArgument, message);
