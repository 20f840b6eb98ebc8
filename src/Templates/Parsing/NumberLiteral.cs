using System.Globalization;
using Berth.Templates.Formatting;
using Berth.Templates.Nodes;

namespace Berth.Templates.Parsing;

/// <summary>
/// Turns a number token into a <see cref="NumberNode"/> with Go's rules: a constant may be an
/// int, a uint and a float at once ("1.0" is all three), 0x/0o/0b and a leading 0 (octal) select
/// the base, '_' separates digits, and 'a' is the code point 97.
/// </summary>
internal static class NumberLiteral
{
    public static NumberNode Parse(int pos, string text, TokenKind kind, out string? error)
    {
        error = null;
        var node = new NumberNode(pos, text);
        if (kind == TokenKind.CharConstant)
        {
            if (!GoLiteral.TryUnquoteCharConstant(text, out int rune, out error)) return node;
            node.SetInt(rune);
            node.SetUint((ulong)rune);
            node.SetFloat(rune);
            return node;
        }
        if (kind == TokenKind.Complex || (text.EndsWith('i') && TryParseFloat(text[..^1], out _)))
        {
            error = "complex numbers are not supported: " + GoQuote.Quote(text);
            return node;
        }

        bool isUint = TryParseUnsigned(text, out ulong u);
        if (isUint) node.SetUint(u);
        if (TryParseSigned(text, out long i))
        {
            node.SetInt(i);
            if (i == 0) node.SetUint(0); // "-0" is a uint too
        }

        if (node.IsInt) node.SetFloat(node.Int64);
        else if (node.IsUint) node.SetFloat(node.Uint64);
        else if (TryParseFloat(text, out double f))
        {
            if (text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) < 0)
            {
                error = "integer overflow: " + GoQuote.Quote(text); // looks like an int, but too big for one
                return node;
            }
            node.SetFloat(f);
            if (f >= long.MinValue && f < long.MaxValue && Math.Truncate(f) == f) node.SetInt((long)f);
            if (f >= 0 && f < ulong.MaxValue && Math.Truncate(f) == f) node.SetUint((ulong)f);
        }
        if (!node.IsInt && !node.IsUint && !node.IsFloat) error = "illegal number syntax: " + GoQuote.Quote(text);
        return node;
    }

    /// <summary>strconv.ParseInt(text, 0, 64).</summary>
    private static bool TryParseSigned(string text, out long value)
    {
        value = 0;
        if (text.Length == 0) return false;
        bool negative = text[0] == '-';
        string digits = text[0] is '-' or '+' ? text[1..] : text;
        if (!TryParseUnsigned(digits, out ulong magnitude)) return false;
        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1) return false;
            value = unchecked(-(long)magnitude);
            return true;
        }
        if (magnitude > long.MaxValue) return false;
        value = (long)magnitude;
        return true;
    }

    /// <summary>strconv.ParseUint(text, 0, 64): the prefix picks the base; no sign allowed.</summary>
    private static bool TryParseUnsigned(string text, out ulong value)
    {
        value = 0;
        if (text.Length == 0) return false;
        int numberBase = 10;
        int i = 0;
        if (text[0] == '0')
        {
            char prefix = text.Length >= 3 ? char.ToLowerInvariant(text[1]) : '\0';
            (numberBase, i) = prefix switch
            {
                'b' => (2, 2),
                'o' => (8, 2),
                'x' => (16, 2),
                _ => (8, 1),
            };
        }
        bool underscores = false;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '_')
            {
                underscores = true;
                continue;
            }
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => int.MaxValue,
            };
            if (digit >= numberBase) return false;
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)numberBase) return false; // overflow
            value = value * (ulong)numberBase + (ulong)digit;
        }
        return !underscores || UnderscoresOk(text);
    }

    /// <summary>strconv.ParseFloat(text, 64) for decimal literals; overflow to infinity fails.</summary>
    private static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        if (text.Contains('_'))
        {
            if (!UnderscoresOk(text)) return false;
            text = text.Replace("_", "", StringComparison.Ordinal);
        }
        if (text.Length == 0 || text.Contains('x') || text.Contains('X')) return false;
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)) return false;
        return !double.IsInfinity(value);
    }

    /// <summary>Go's rule: each '_' sits between digits (a base prefix counts as a digit).</summary>
    private static bool UnderscoresOk(string s)
    {
        char saw = '^';
        int i = 0;
        if (s.Length >= 1 && s[0] is '-' or '+') s = s[1..];
        bool hex = false;
        if (s.Length >= 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'b' or 'o' or 'x')
        {
            i = 2;
            saw = '0';
            hex = char.ToLowerInvariant(s[1]) == 'x';
        }
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c) || (hex && char.IsAsciiHexDigit(c)))
            {
                saw = '0';
                continue;
            }
            if (c == '_')
            {
                if (saw != '0') return false;
                saw = '_';
                continue;
            }
            if (saw == '_') return false;
            saw = '!';
        }
        return saw != '_';
    }
}
