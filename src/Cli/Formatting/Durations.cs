using System.Globalization;
using Berth.Cli.Parsing;

namespace Berth.Cli;

/// <summary>Go's duration syntax ("1h30m", "500ms", "10s"), as docker's flags take it.</summary>
public static class Durations
{
    public static TimeSpan Parse(string text, string flag)
    {
        if (text == "0") return TimeSpan.Zero;
        var total = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (start == i) throw Invalid(text, flag);
            var number = double.Parse(text[start..i], CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]) || i < text.Length && text[i] == 'µ') i++;
            total += text[unitStart..i] switch
            {
                "ns" => number / 1e9,
                "us" or "µs" => number / 1e6,
                "ms" => number / 1e3,
                "s" => number,
                "m" => number * 60,
                "h" => number * 3600,
                _ => throw Invalid(text, flag),
            };
        }
        return TimeSpan.FromSeconds(total);
    }

    public static long? Nanoseconds(string? text, string flag) => text is null ? null : (long)(Parse(text, flag).TotalSeconds * 1e9);

    static UsageException Invalid(string text, string flag) =>
        new($"invalid argument \"{text}\" for \"{(flag.StartsWith('-') ? flag : "--" + flag)}\" flag: time: invalid duration \"{text}\"");
}
