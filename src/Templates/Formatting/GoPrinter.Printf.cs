using Berth.Templates.Values;

namespace Berth.Templates.Formatting;

/// <summary>The format-string interpreter of fmt.Sprintf: flags, width, precision, * and [n].</summary>
internal sealed partial class GoPrinter
{
    /// <summary>Go refuses widths and precisions past a million rather than allocate them.</summary>
    private const int MaxNumber = 1_000_000;

    private bool _reordered;
    private bool _goodArgNum;

    private void DoPrintf(string format, ReadOnlySpan<object?> args)
    {
        int end = format.Length;
        int argNum = 0;
        bool afterIndex;
        _reordered = false;
        for (int i = 0; i < end;)
        {
            _goodArgNum = true;
            int literalStart = i;
            while (i < end && format[i] != '%') i++;
            if (i > literalStart) _buf.Append(format, literalStart, i - literalStart);
            if (i >= end) break;
            i++; // the '%'

            _f = default;
            for (; i < end; i++)
            {
                char c = format[i];
                if (c == '#') _f.Sharp = true;
                else if (c == '0') _f.Zero = !_f.Minus; // zero padding only ever goes on the left
                else if (c == '+') _f.Plus = true;
                else if (c == '-')
                {
                    _f.Minus = true;
                    _f.Zero = false;
                }
                else if (c == ' ') _f.Space = true;
                else break;
            }

            (argNum, i, afterIndex) = ArgNumber(argNum, format, i, args.Length);

            if (i < end && format[i] == '*')
            {
                i++;
                (_f.Width, _f.HasWidth, argNum) = IntFromArg(args, argNum);
                if (!_f.HasWidth) _buf.Append("%!(BADWIDTH)");
                if (_f.Width < 0)
                {
                    _f.Width = -_f.Width;
                    _f.Minus = true;
                    _f.Zero = false;
                }
                afterIndex = false;
            }
            else
            {
                (_f.Width, _f.HasWidth, i) = ParseNumber(format, i, end);
                if (afterIndex && _f.HasWidth) _goodArgNum = false; // "%[3]2d"
            }

            if (i + 1 <= end && format[i] == '.')
            {
                i++;
                if (afterIndex) _goodArgNum = false; // "%[3].2d"
                (argNum, i, afterIndex) = ArgNumber(argNum, format, i, args.Length);
                if (i < end && format[i] == '*')
                {
                    i++;
                    (_f.Precision, _f.HasPrecision, argNum) = IntFromArg(args, argNum);
                    if (_f.Precision < 0)
                    {
                        _f.Precision = 0;
                        _f.HasPrecision = false;
                    }
                    if (!_f.HasPrecision) _buf.Append("%!(BADPREC)");
                    afterIndex = false;
                }
                else
                {
                    (_f.Precision, _f.HasPrecision, i) = ParseNumber(format, i, end);
                    if (!_f.HasPrecision)
                    {
                        _f.Precision = 0; // "%.f" means precision zero
                        _f.HasPrecision = true;
                    }
                }
            }

            if (!afterIndex) (argNum, i, _) = ArgNumber(argNum, format, i, args.Length);

            if (i >= end)
            {
                _buf.Append("%!(NOVERB)");
                break;
            }

            int verb = GoUnicode.RuneAt(format, i, out int width);
            i += width;
            if (verb == '%')
            {
                _buf.Append('%'); // consumes no operand and ignores width and precision
            }
            else if (!_goodArgNum)
            {
                AppendVerbProblem(verb, "BADINDEX");
            }
            else if (argNum >= args.Length)
            {
                AppendVerbProblem(verb, "MISSING");
            }
            else
            {
                if (verb == 'v')
                {
                    if (_f.Sharp)
                    {
                        _f.Sharp = false;
                        _f.SharpV = true;
                    }
                    if (_f.Plus)
                    {
                        _f.Plus = false;
                        _f.PlusV = true;
                    }
                }
                PrintArg(args[argNum], verb, 0);
                argNum++;
            }
        }

        if (!_reordered && argNum < args.Length)
        {
            _f = default;
            _buf.Append("%!(EXTRA ");
            for (int i = argNum; i < args.Length; i++)
            {
                if (i > argNum) _buf.Append(", ");
                if (args[i] == null)
                {
                    _buf.Append("<nil>");
                }
                else
                {
                    _buf.Append(GoValue.TypeName(args[i])).Append('=');
                    PrintArg(args[i], 'v', 0);
                }
            }
            _buf.Append(')');
        }
    }

    private void AppendVerbProblem(int verb, string problem)
    {
        _buf.Append("%!");
        GoUnicode.AppendRune(_buf, verb);
        _buf.Append('(').Append(problem).Append(')');
    }

    /// <summary>Reads an explicit "[n]" operand index, 1-based in the format, if one is there.</summary>
    private (int ArgNum, int Index, bool Found) ArgNumber(int argNum, string format, int i, int numArgs)
    {
        if (i >= format.Length || format[i] != '[') return (argNum, i, false);
        _reordered = true;
        int close = format.IndexOf(']', i + 1);
        if (format.Length - i < 3 || close < 0)
        {
            _goodArgNum = false;
            return (argNum, i + 1, false);
        }
        var (value, ok, next) = ParseNumber(format, i + 1, close);
        if (!ok || next != close)
        {
            _goodArgNum = false;
            return (argNum, close + 1, false);
        }
        int index = value - 1;
        if (index >= 0 && index < numArgs) return (index, close + 1, true);
        _goodArgNum = false;
        return (argNum, close + 1, true);
    }

    private static (int Value, bool Ok, int Next) ParseNumber(string s, int start, int end)
    {
        if (start >= end || !char.IsAsciiDigit(s[start])) return (0, false, start);
        int value = 0;
        int i = start;
        for (; i < end && char.IsAsciiDigit(s[i]); i++)
        {
            if (value > MaxNumber) return (0, false, end); // Go gives up on absurd numbers
            value = value * 10 + (s[i] - '0');
        }
        return (value, true, i);
    }

    /// <summary>The operand of a '*' width or precision, which must be an integer.</summary>
    private static (int Value, bool IsInt, int ArgNum) IntFromArg(ReadOnlySpan<object?> args, int argNum)
    {
        if (argNum >= args.Length) return (0, false, argNum);
        object? arg = args[argNum];
        long value;
        bool isInt;
        switch (arg)
        {
            case long l:
                value = l;
                isInt = true;
                break;
            case ulong u when u <= long.MaxValue:
                value = (long)u;
                isInt = true;
                break;
            default:
                value = 0;
                isInt = false;
                break;
        }
        if (value > MaxNumber || value < -MaxNumber) return (0, false, argNum + 1);
        return ((int)value, isInt, argNum + 1);
    }
}
