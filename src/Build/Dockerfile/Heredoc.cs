namespace Berth.Build.Dockerfile;

/// <summary>One here-document of an instruction: its name (EOF), its body, and whether $VARS in it expand.</summary>
public sealed record Heredoc(string Name, string Content, bool Expand);
