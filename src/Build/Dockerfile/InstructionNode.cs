namespace Berth.Build.Dockerfile;

/// <summary>
/// One instruction as written, before any variable is substituted: its keyword (upper case), its
/// leading --flags, the rest of the line, the JSON array when the exec form parsed, and its heredocs.
/// </summary>
public sealed record InstructionNode
{
    public required string Keyword { get; init; }
    public IReadOnlyList<string> Flags { get; init; } = [];
    /// <summary>The arguments after the flags, continuations joined, as one string.</summary>
    public string Arguments { get; init; } = "";
    /// <summary>Non-null when the arguments are a JSON string array (exec form).</summary>
    public IReadOnlyList<string>? Json { get; init; }
    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];
    public int Line { get; init; }
    /// <summary>The instruction as docker prints it in progress and history: keyword, flags and arguments.</summary>
    public string Original { get; init; } = "";
}
