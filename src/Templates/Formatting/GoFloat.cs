using System.Text;

namespace Berth.Templates.Formatting;

/// <summary>
/// strconv.FormatFloat(v, fmt, prec, 64) for the formats printf uses: 'e', 'E', 'f', 'g', 'G'.
/// A negative precision means "shortest": %v of 1e6 is "1e+06" and of 123456 is "123456", because
/// Go's %g switches to exponent form when the exponent is below -4 or at least 6 digits.
/// </summary>
internal static class GoFloat
{
    public static string Format(double value, char fmt, int precision)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";

        bool negative = double.IsNegative(value);
        double abs = Math.Abs(value);
        bool shortest = precision < 0;
        DecimalDigits d;
        if (shortest)
        {
            d = DecimalDigits.Shortest(abs);
            precision = fmt switch
            {
                'e' or 'E' => d.Count - 1,
                'f' => Math.Max(d.Count - d.Point, 0),
                _ => d.Count,
            };
        }
        else
        {
            d = DecimalDigits.Exact(abs);
            switch (fmt)
            {
                case 'e':
                case 'E':
                    d = d.Round(precision + 1);
                    break;
                case 'f':
                    d = d.Round(d.Point + precision);
                    break;
                default:
                    if (precision == 0) precision = 1;
                    d = d.Round(precision);
                    break;
            }
        }

        var sb = new StringBuilder(24);
        if (negative) sb.Append('-');
        switch (fmt)
        {
            case 'e':
            case 'E':
                AppendExponent(sb, d, precision, fmt);
                break;
            case 'f':
                AppendFixed(sb, d, precision);
                break;
            default:
                int exponentPrecision = precision;
                if (exponentPrecision > d.Count && d.Count >= d.Point) exponentPrecision = d.Count;
                if (shortest) exponentPrecision = 6;
                int exponent = d.Point - 1;
                if (exponent < -4 || exponent >= exponentPrecision)
                {
                    if (precision > d.Count) precision = d.Count;
                    AppendExponent(sb, d, precision - 1, fmt == 'G' ? 'E' : 'e');
                }
                else
                {
                    if (precision > d.Point) precision = d.Count;
                    AppendFixed(sb, d, Math.Max(precision - d.Point, 0));
                }
                break;
        }
        return sb.ToString();
    }

    /// <summary>d.ddd e±dd, with at least two exponent digits.</summary>
    private static void AppendExponent(StringBuilder sb, DecimalDigits d, int precision, char marker)
    {
        sb.Append(d.Count == 0 ? '0' : d.Digits[0]);
        if (precision > 0)
        {
            sb.Append('.');
            int i = 1;
            int available = Math.Min(d.Count, precision + 1);
            if (i < available)
            {
                sb.Append(d.Digits, i, available - i);
                i = available;
            }
            for (; i <= precision; i++) sb.Append('0');
        }
        sb.Append(marker);
        int exponent = d.Count == 0 ? 0 : d.Point - 1;
        sb.Append(exponent < 0 ? '-' : '+');
        exponent = Math.Abs(exponent);
        if (exponent < 10) sb.Append('0');
        sb.Append(exponent);
    }

    /// <summary>ddd.ddd with exactly <paramref name="precision"/> fraction digits.</summary>
    private static void AppendFixed(StringBuilder sb, DecimalDigits d, int precision)
    {
        if (d.Point > 0)
        {
            int whole = Math.Min(d.Count, d.Point);
            sb.Append(d.Digits, 0, whole);
            for (; whole < d.Point; whole++) sb.Append('0');
        }
        else
        {
            sb.Append('0');
        }
        if (precision > 0)
        {
            sb.Append('.');
            for (int i = 1; i <= precision; i++)
            {
                int j = d.Point + i - 1;
                sb.Append(j >= 0 && j < d.Count ? d.Digits[j] : '0');
            }
        }
    }
}
