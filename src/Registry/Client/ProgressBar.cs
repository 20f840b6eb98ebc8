using System.Globalization;

namespace Berth.Registry.Client;

/// <summary>
/// The text docker shows after a layer's state while bytes move: "[=====>     ]  12.3MB/209.7MB".
/// The bar is 50 characters wide and drawn only on terminals wider than 110 columns, as docker does;
/// sizes are decimal with four significant digits, as docker prints them.
/// </summary>
public static class ProgressBar
{
    public const int Width = 50, MinTerminalWidth = 111;
    static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB"];

    public static string Format(long done, long total, int terminalWidth)
    {
        var numbers = done > total || total <= 0 ? $"{HumanSize(done),8}" : $"{HumanSize(done),8}/{HumanSize(total)}";
        if (terminalWidth < MinTerminalWidth || total <= 0) return numbers;
        var filled = (int)Math.Min(Width, (double)done / total * 100 / 2);
        return $"[{new string('=', filled)}>{new string(' ', Width - filled)}] {numbers}";
    }

    public static string HumanSize(double size)
    {
        var unit = 0;
        while (size >= 1000 && unit < Units.Length - 1)
        {
            size /= 1000;
            unit++;
        }
        return size.ToString("G4", CultureInfo.InvariantCulture) + Units[unit];
    }
}
