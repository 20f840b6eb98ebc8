namespace Berth.Build.Dockerfile;

/// <summary>An instruction's --flags, checked against the ones it takes; repeatable flags keep every value.</summary>
public sealed class InstructionFlags
{
    readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public InstructionFlags(InstructionNode node, params string[] allowed)
    {
        foreach (var flag in node.Flags)
        {
            var body = flag[2..];
            var eq = body.IndexOf('=');
            var name = eq < 0 ? body : body[..eq];
            var value = eq < 0 ? "true" : body[(eq + 1)..];
            if (!allowed.Contains(name))
                throw DockerfileError.At(node.Line, $"unknown flag: --{name} for {node.Keyword}",
                    allowed.Length == 0 ? $"{node.Keyword} takes no flags" : $"{node.Keyword} takes {string.Join(", ", allowed.Select(a => "--" + a))}");
            if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
            list.Add(value);
        }
    }

    public string? Value(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];
    public bool Bool(string name) => Value(name) is { } v && v != "false";
}
