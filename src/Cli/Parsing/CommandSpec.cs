namespace Berth.Cli.Parsing;

/// <summary>
/// A verb: its usage line, flags and handler. <see cref="StopAtFirstArgument"/> is pflag's
/// "interspersed=false": in `run IMAGE CMD -x`, the -x belongs to CMD, not to berth.
/// </summary>
public sealed record CommandSpec
{
    public required string Name { get; init; }
    public required string Usage { get; init; }
    public required string Description { get; init; }
    public IReadOnlyList<FlagSpec> Flags { get; init; } = [];
    public int MinArgs { get; init; }
    public int MaxArgs { get; init; } = int.MaxValue;
    public bool StopAtFirstArgument { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required Func<ParsedArgs, int> Run { get; init; }
}
