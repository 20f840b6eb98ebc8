using System.Text;

namespace Berth.Build.Steps;

/// <summary>Go's %q and %v of a string slice, which BuildKit uses in history entries: ["a" "b"] and [a b].</summary>
static class GoFormat
{
    public static string Quoted(IEnumerable<string> items) => "[" + string.Join(' ', items.Select(Quote)) + "]";
    public static string Plain(IEnumerable<string> items) => "[" + string.Join(' ', items) + "]";

    static string Quote(string s)
    {
        var text = new StringBuilder("\"");
        foreach (var c in s)
            text.Append(c switch { '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\t' => "\\t", '\r' => "\\r", _ => c.ToString() });
        return text.Append('"').ToString();
    }
}
