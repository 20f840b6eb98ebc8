using System.Globalization;

namespace Berth.Cli;

/// <summary>
/// docker's units.BytesSize: 1024-based units with four significant digits ("%.4g"), as in stats'
/// MEM USAGE / LIMIT column: "1.465MiB / 7.69GiB".
/// </summary>
public static class BinaryUnits
{
    static readonly string[] Abbreviations = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

    public static string BytesSize(double size)
    {
        var unit = 0;
        while (size >= 1024 && unit < Abbreviations.Length - 1)
        {
            size /= 1024;
            unit++;
        }
        return size.ToString("G4", CultureInfo.InvariantCulture) + Abbreviations[unit];
    }
}
