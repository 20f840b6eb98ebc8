using Berth.Build.Dockerfile;

namespace Berth.Build;

/// <summary>The stages a target needs, found through FROM STAGE, COPY --from=STAGE and RUN --mount from=STAGE.</summary>
public static class StageGraph
{
    public static List<Stage> Needed(StagePlan plan, Stage target, ShellLex lex, IReadOnlyDictionary<string, string?> globals, char escape)
    {
        var needed = new SortedDictionary<int, Stage>();
        var pending = new Stack<Stage>([target]);
        while (pending.Count > 0)
        {
            var stage = pending.Pop();
            if (!needed.TryAdd(stage.Index, stage)) continue;
            foreach (var reference in References(stage, lex, globals, escape))
                if (plan.Find(reference, before: stage.Index) is { } dependency) pending.Push(dependency);
        }
        return [.. needed.Values];
    }

    static IEnumerable<string> References(Stage stage, ShellLex lex, IReadOnlyDictionary<string, string?> globals, char escape)
    {
        var words = KeyValueArgs.SplitKeepingQuotes(stage.From.Arguments, escape);
        if (words.Count > 0) yield return lex.ProcessWord(words[0], n => globals.GetValueOrDefault(n)).ToLowerInvariant();
        foreach (var node in stage.Body)
            foreach (var flag in node.Flags)
            {
                if (flag.StartsWith("--from=", StringComparison.Ordinal)) yield return flag[7..].ToLowerInvariant();
                else if (flag.StartsWith("--mount=", StringComparison.Ordinal))
                    foreach (var option in flag[8..].Split(','))
                        if (option.StartsWith("from=", StringComparison.Ordinal)) yield return option[5..].ToLowerInvariant();
            }
    }
}
