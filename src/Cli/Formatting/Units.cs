using System.Globalization;

namespace Berth.Cli;

/// <summary>docker's human units (go-units): "4.26MB", "About a minute", "3 days".</summary>
public static class Units
{
    static readonly string[] DecimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

    static readonly string[] BinaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

    /// <summary>go-units' HumanSizeWithPrecision(size, 3): decimal units, as docker's SIZE columns.</summary>
    public static string HumanSize(double size) => Scaled(size, 1000, DecimalUnits, "G3");

    /// <summary>go-units' BytesSize: binary units, four significant digits ("1.465MiB"), as in stats.</summary>
    public static string BytesSize(double size) => Scaled(size, 1024, BinaryUnits, "G4");

    static string Scaled(double size, double step, string[] units, string format)
    {
        var unit = 0;
        while (size >= step && unit < units.Length - 1)
        {
            size /= step;
            unit++;
        }
        // Go's %g writes exponents as "e+03" where .NET writes "E+03": 999.9 at 3 digits is "1e+03kB" in docker.
        return size.ToString(format, CultureInfo.InvariantCulture).Replace('E', 'e') + units[unit];
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

}
