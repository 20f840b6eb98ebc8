namespace Berth.Cli.Parsing;

public enum FlagKind { Bool, Value, List }

/// <summary>One command-line flag, in docker's style: a long name, maybe a one-letter shorthand.</summary>
public sealed record FlagSpec(string Name, char? Short, FlagKind Kind, string Help, string? ValueName = null, string? Default = null, bool Hidden = false)
{
    public static FlagSpec Bool(string name, char? shorthand, string help) => new(name, shorthand, FlagKind.Bool, help);
    public static FlagSpec Value(string name, char? shorthand, string help, string valueName = "string", string? defaultValue = null) =>
        new(name, shorthand, FlagKind.Value, help, valueName, defaultValue);
    public static FlagSpec List(string name, char? shorthand, string help, string valueName = "list") => new(name, shorthand, FlagKind.List, help, valueName);
}
