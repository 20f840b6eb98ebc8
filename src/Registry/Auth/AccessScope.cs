namespace Berth.Registry.Auth;

/// <summary>One grant or need: "repository:NAME:pull,push", as token scopes spell it.</summary>
public sealed record AccessScope(string Type, string Name, IReadOnlyList<string> Actions)
{
    public static AccessScope Repository(string name, string action) => new("repository", name, [action]);

    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";

    /// <summary>Parses one scope; the name sits between the first and the last colon.</summary>
    public static AccessScope? TryParse(string text)
    {
        var first = text.IndexOf(':');
        var last = text.LastIndexOf(':');
        if (first <= 0 || last <= first) return null;
        var actions = text[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new AccessScope(text[..first], text[(first + 1)..last], actions);
    }

    /// <summary>Does any of <paramref name="grants"/> cover this need's every action? "*" covers all.</summary>
    public bool IsCoveredBy(IEnumerable<AccessScope> grants) =>
        Actions.All(action => grants.Any(g => g.Type == Type && g.Name == Name && (g.Actions.Contains(action) || g.Actions.Contains("*"))));
}
