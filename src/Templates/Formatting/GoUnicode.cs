using System.Globalization;
using System.Text;

namespace Berth.Templates.Formatting;

/// <summary>
/// Go's unicode predicates (IsPrint, IsLetter, IsSpace...) over code points. They decide what the
/// lexer accepts in identifiers, what %q escapes and what title-casing treats as a word boundary,
/// so they follow Go's definitions rather than .NET's char helpers.
/// </summary>
internal static class GoUnicode
{
    public const int MaxRune = 0x10FFFF;
    public const int ReplacementChar = 0xFFFD;

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrint(int r)
    {
        if (r < 0x20) return false;
        if (r < 0x7F) return true;
        if (r <= 0xA0) return false; // DEL, C1 controls and NBSP: Go counts no space but U+0020 as printable
        if (r == 0xAD) return false; // soft hyphen is a format character
        if (r <= 0xFF) return true;
        if (!IsValidRune(r)) return false;
        switch (CharUnicodeInfo.GetUnicodeCategory(r))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
            case UnicodeCategory.ConnectorPunctuation:
            case UnicodeCategory.DashPunctuation:
            case UnicodeCategory.OpenPunctuation:
            case UnicodeCategory.ClosePunctuation:
            case UnicodeCategory.InitialQuotePunctuation:
            case UnicodeCategory.FinalQuotePunctuation:
            case UnicodeCategory.OtherPunctuation:
            case UnicodeCategory.MathSymbol:
            case UnicodeCategory.CurrencySymbol:
            case UnicodeCategory.ModifierSymbol:
            case UnicodeCategory.OtherSymbol:
                return true;
            default:
                return false;
        }
    }

    public static bool IsLetter(int r)
    {
        if (r < 0x80) return (uint)((r | 0x20) - 'a') <= 'z' - 'a';
        if (!IsValidRune(r)) return false;
        switch (CharUnicodeInfo.GetUnicodeCategory(r))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
                return true;
            default:
                return false;
        }
    }

    public static bool IsDigit(int r)
    {
        if (r < 0x80) return (uint)(r - '0') <= 9;
        return IsValidRune(r) && CharUnicodeInfo.GetUnicodeCategory(r) == UnicodeCategory.DecimalDigitNumber;
    }

    /// <summary>What the template lexer allows in identifiers, field and variable names.</summary>
    public static bool IsAlphaNumeric(int r) => r == '_' || IsLetter(r) || IsDigit(r);

    /// <summary>Go's unicode.IsSpace (the White_Space property).</summary>
    public static bool IsSpace(int r)
    {
        if (r <= 0xFF)
        {
            return r is '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or 0x85 or 0xA0;
        }
        if (!IsValidRune(r)) return false;
        var category = CharUnicodeInfo.GetUnicodeCategory(r);
        return category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    public static bool IsValidRune(int r) => (uint)r <= MaxRune && (r < 0xD800 || r > 0xDFFF);

    public static int ToUpper(int r) => IsValidRune(r) ? Rune.ToUpperInvariant(new Rune(r)).Value : r;

    public static int ToLower(int r) => IsValidRune(r) ? Rune.ToLowerInvariant(new Rune(r)).Value : r;

    /// <summary>Reads the code point at <paramref name="index"/>; a lone surrogate reads as U+FFFD, one char wide.</summary>
    public static int RuneAt(string s, int index, out int width)
    {
        Rune.DecodeFromUtf16(s.AsSpan(index), out var rune, out width);
        if (width == 0) width = 1;
        return rune.Value;
    }

    /// <summary>Reads the code point at <paramref name="index"/>, reporting whether it was well-formed UTF-16.</summary>
    public static bool TryRuneAt(string s, int index, out int rune, out int width)
    {
        var status = Rune.DecodeFromUtf16(s.AsSpan(index), out var value, out width);
        if (width == 0) width = 1;
        rune = value.Value;
        return status == System.Buffers.OperationStatus.Done;
    }

    public static void AppendRune(StringBuilder sb, int r)
    {
        if (r < 0x10000) sb.Append((char)r);
        else
        {
            Span<char> pair = stackalloc char[2];
            new Rune(r).EncodeToUtf16(pair);
            sb.Append(pair);
        }
    }

    /// <summary>Counts code points the way Go's utf8.RuneCountInString counts them.</summary>
    public static int RuneCount(ReadOnlySpan<char> s)
    {
        int count = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            count++;
        }
        return count;
    }
}
