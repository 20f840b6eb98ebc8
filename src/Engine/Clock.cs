using System.Globalization;

namespace Berth.Engine;

/// <summary>Timestamps as docker writes them: RFC 3339 in UTC with nanoseconds, trailing zeros trimmed.</summary>
public static class Clock
{
    public static string Now() => Format(DateTimeOffset.UtcNow);

    public static string Format(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "") + "Z";
    }

    public static DateTimeOffset? Parse(string? text) =>
        string.IsNullOrEmpty(text) || text.StartsWith("0001-") ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
