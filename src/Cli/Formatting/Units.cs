using System.Globalization;

namespace Berth.Cli;

/// <summary>docker's human units (go-units): "4.26MB", "About a minute", "3 days".</summary>
public static class Units
{
    static readonly string[] DecimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

    /// <summary>Three significant digits, decimal (1000-based) units, as docker's SIZE columns.</summary>
    public static string HumanSize(double size)
    {
        var unit = 0;
        while (size >= 1000 && unit < DecimalUnits.Length - 1)
        {
            size /= 1000;
            unit++;
        }
        return FormatG3(size) + DecimalUnits[unit];
    }

    /// <summary>Go's %.3g: up to three significant digits, no trailing zeros.</summary>
    static string FormatG3(double value)
    {
        if (value == 0) return "0";
        var text = value.ToString("G3", CultureInfo.InvariantCulture);
        if (text.Contains('E'))
        {
            // %g switches to exponent form only for huge values, which sizes never reach; keep it plain.
            text = Math.Round(value).ToString(CultureInfo.InvariantCulture);
        }
        return text;
    }

    public static string HumanDuration(TimeSpan duration)
    {
        var seconds = (int)duration.TotalSeconds;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return $"{seconds} seconds";
        var minutes = (int)duration.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return $"{minutes} minutes";
        var hours = (int)Math.Round(duration.TotalHours, MidpointRounding.AwayFromZero);
        if (hours == 1) return "About an hour";
        if (hours < 48) return $"{hours} hours";
        if (hours < 24 * 7 * 2) return $"{hours / 24} days";
        if (hours < 24 * 30 * 2) return $"{hours / 24 / 7} weeks";
        if (hours < 24 * 365 * 2) return $"{hours / 24 / 30} months";
        return $"{(int)duration.TotalHours / 24 / 365} years";
    }

    public static string Ago(DateTimeOffset time) => HumanDuration(DateTimeOffset.UtcNow - time) + " ago";

    /// <summary>docker's binary units for memory in stats: "1.5MiB".</summary>
    public static string BytesSize(double size)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var unit = 0;
        while (size >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }
        return size.ToString("0.##", CultureInfo.InvariantCulture) + units[unit];
    }
}
