namespace Berth.Build.Dockerfile;

/// <summary>One FROM and the instructions up to the next: a node of the build graph.</summary>
public sealed record Stage(int Index, string? Name, InstructionNode From, IReadOnlyList<InstructionNode> Body)
{
    /// <summary>How steps are shown: "stage-0" or its name, as BuildKit does.</summary>
    public string DisplayName => Name ?? $"stage-{Index}";
}

/// <summary>A Dockerfile split into the ARGs before the first FROM and its stages.</summary>
public sealed record StagePlan(IReadOnlyList<InstructionNode> GlobalArgs, IReadOnlyList<Stage> Stages)
{
    public static StagePlan From(ParsedDockerfile file, Func<InstructionNode, string?> stageName)
    {
        var globals = new List<InstructionNode>();
        var stages = new List<Stage>();
        InstructionNode? from = null;
        var body = new List<InstructionNode>();
        foreach (var node in file.Instructions)
        {
            if (node.Keyword == "FROM")
            {
                if (from is not null) stages.Add(new Stage(stages.Count, stageName(from), from, body));
                from = node;
                body = [];
            }
            else if (from is null)
            {
                if (node.Keyword != "ARG")
                    throw DockerfileError.At(node.Line, $"{node.Keyword} before the first FROM", "only ARG may come before FROM; start the Dockerfile with FROM");
                globals.Add(node);
            }
            else body.Add(node);
        }
        if (from is null) throw BerthExceptionNoFrom();
        stages.Add(new Stage(stages.Count, stageName(from), from, body));
        return new StagePlan(globals, stages);
    }

    static Sys.Errors.BerthException BerthExceptionNoFrom() =>
        Sys.Errors.BerthException.Invalid("the Dockerfile has no FROM instruction: start it with FROM IMAGE");

    /// <summary>A stage by name (case-insensitive, as docker) or index; null when there is none.</summary>
    public Stage? Find(string nameOrIndex, int before = int.MaxValue)
    {
        var named = Stages.Take(before).LastOrDefault(s => string.Equals(s.Name, nameOrIndex, StringComparison.OrdinalIgnoreCase));
        if (named is not null) return named;
        return int.TryParse(nameOrIndex, out var index) && index >= 0 && index < Math.Min(before, Stages.Count) ? Stages[index] : null;
    }
}
