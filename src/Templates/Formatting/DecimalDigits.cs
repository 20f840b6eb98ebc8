using System.Globalization;
using System.Numerics;

namespace Berth.Templates.Formatting;

/// <summary>
/// A non-negative decimal number as digits d1d2d3... and a decimal point position: the value is
/// 0.d1d2d3... × 10^Point (Go's strconv decimal). Trailing zeros are never stored, and zero has no
/// digits. Rounding works on the exact expansion of the double, half to even, as Go does, so
/// printf "%.2f" of 0.125 gives "0.12" like Go rather than .NET's "0.13".
/// </summary>
internal readonly struct DecimalDigits
{
    public DecimalDigits(string digits, int point)
    {
        int end = digits.Length;
        while (end > 0 && digits[end - 1] == '0') end--;
        Digits = end == digits.Length ? digits : digits[..end];
        Point = Digits.Length == 0 ? 0 : point;
    }

    public string Digits { get; }
    public int Point { get; }
    public int Count => Digits.Length;

    /// <summary>The shortest digits that read back as the same double (what %v and %g print).</summary>
    public static DecimalDigits Shortest(double abs)
    {
        if (abs == 0) return new DecimalDigits("", 0);
        // .NET's "R" is the shortest round-trip representation, the same digits Go's strconv picks.
        string s = abs.ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0;
        int e = s.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }
        int dot = s.IndexOf('.');
        string integral = dot < 0 ? s : s[..dot];
        string digits = dot < 0 ? s : integral + s[(dot + 1)..];
        int point = integral.Length + exponent;
        int lead = 0;
        while (lead < digits.Length && digits[lead] == '0') lead++;
        return new DecimalDigits(digits[lead..], point - lead);
    }

    /// <summary>Every digit of the double's exact binary value, so rounding can be exact.</summary>
    public static DecimalDigits Exact(double abs)
    {
        long bits = BitConverter.DoubleToInt64Bits(abs);
        int biased = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (biased == 0) biased = 1;
        else mantissa |= 1L << 52;
        if (mantissa == 0) return new DecimalDigits("", 0);
        int exponent = biased - 1075; // value = mantissa × 2^exponent
        if (exponent >= 0)
        {
            string whole = (new BigInteger(mantissa) << exponent).ToString(CultureInfo.InvariantCulture);
            return new DecimalDigits(whole, whole.Length);
        }
        // mantissa × 2^-n = mantissa × 5^n / 10^n
        string scaled = (new BigInteger(mantissa) * BigInteger.Pow(5, -exponent)).ToString(CultureInfo.InvariantCulture);
        return new DecimalDigits(scaled, scaled.Length + exponent);
    }

    /// <summary>Rounds to <paramref name="count"/> significant digits, half to even.</summary>
    public DecimalDigits Round(int count)
    {
        if (count < 0 || count >= Count) return this;
        bool up = Digits[count] == '5' && count + 1 == Count
            ? count > 0 && (Digits[count - 1] - '0') % 2 == 1
            : Digits[count] >= '5';
        if (!up) return new DecimalDigits(Digits[..count], Point);
        char[] kept = Digits[..count].ToCharArray();
        for (int i = count - 1; i >= 0; i--)
        {
            if (kept[i] < '9')
            {
                kept[i]++;
                return new DecimalDigits(new string(kept, 0, i + 1), Point);
            }
        }
        return new DecimalDigits("1", Point + 1); // all nines carried into a new leading digit
    }
}
