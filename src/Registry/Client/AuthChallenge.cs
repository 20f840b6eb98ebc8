namespace Berth.Registry.Client;

/// <summary>A WWW-Authenticate header: its scheme ("Bearer", "Basic") and parameters (realm, service, scope, error).</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? this[string name] => Parameters.GetValueOrDefault(name);

    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        header = header.Trim();
        var space = header.IndexOf(' ');
        var scheme = space < 0 ? header : header[..space];
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = space < 0 ? header.Length : space + 1;
        while (i < header.Length)
        {
            while (i < header.Length && header[i] is ' ' or ',') i++;
            var eq = header.IndexOf('=', i);
            if (eq < 0) break;
            var name = header[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < header.Length && header[i] == '"')
            {
                var end = i + 1;
                var text = new System.Text.StringBuilder();
                while (end < header.Length && header[end] != '"')
                {
                    if (header[end] == '\\' && end + 1 < header.Length) end++;
                    text.Append(header[end++]);
                }
                value = text.ToString();
                i = end + 1;
            }
            else
            {
                var end = header.IndexOf(',', i);
                if (end < 0) end = header.Length;
                value = header[i..end].Trim();
                i = end;
            }
            parameters[name] = value;
        }
        return new AuthChallenge(scheme, parameters);
    }
}
