namespace Berth.Engine.Inspection;

/// <summary>docker top's answer: ps's column titles and one row per process of the container.</summary>
public sealed record ProcessTable(IReadOnlyList<string> Titles, IReadOnlyList<IReadOnlyList<string>> Processes);
