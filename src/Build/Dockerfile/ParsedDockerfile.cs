namespace Berth.Build.Dockerfile;

/// <summary>A parsed Dockerfile: its escape character and its instructions in order.</summary>
public sealed record ParsedDockerfile(char Escape, IReadOnlyList<InstructionNode> Instructions);
