using System.Text.RegularExpressions;

namespace Berth.Build.Steps;

/// <summary>Go's time.ParseDuration for HEALTHCHECK options ("1m30s", "500ms", "2h"), in nanoseconds.</summary>
public static partial class GoDuration
{
    [GeneratedRegex(@"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();

    public static long? Parse(string text)
    {
        if (text == "0") return 0;
        var matches = Part().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text) return null;
        double total = 0;
        foreach (Match m in matches)
        {
            var unit = m.Groups[2].Value switch
            {
                "ns" => 1d, "us" or "µs" => 1e3, "ms" => 1e6, "s" => 1e9, "m" => 60e9, _ => 3600e9,
            };
            total += double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * unit;
        }
        return (long)total;
    }
}
