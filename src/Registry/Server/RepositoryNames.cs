namespace Berth.Registry.Server;

/// <summary>
/// The distribution spec's grammar for names, tags and upload IDs. Everything a request names is
/// checked here before it becomes part of a path, so "..", "/" and NUL never reach the filesystem.
/// </summary>
public static class RepositoryNames
{
    public const int MaxNameLength = 255;

    /// <summary>[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name.Split('/').All(IsComponent);

    /// <summary>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</summary>
    public static bool IsValidTag(string tag) =>
        tag.Length is > 0 and <= 128 && (char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_')
        && tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    /// <summary>Upload IDs are the server's own: 32 lowercase hex digits.</summary>
    public static bool IsValidUploadId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    static bool IsComponent(string component)
    {
        if (component.Length == 0 || !IsAlnum(component[0]) || !IsAlnum(component[^1])) return false;
        for (var i = 0; i < component.Length; i++)
        {
            if (IsAlnum(component[i])) continue;
            var start = i;
            while (i < component.Length && !IsAlnum(component[i])) i++;
            var separator = component.AsSpan(start, i - start);
            if (!(separator is "." or "_" or "__") && separator.ContainsAnyExcept('-')) return false;
            i--;
        }
        return true;
    }

    static bool IsAlnum(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'z';
}
