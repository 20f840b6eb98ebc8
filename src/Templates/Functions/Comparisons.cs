using Berth.Templates.Formatting;
using Berth.Templates.Values;

namespace Berth.Templates.Functions;

/// <summary>
/// eq, ne, lt, le, gt, ge with Go's rules: only basic values compare; ints and uints compare with
/// each other; eq takes several candidates (eq .X "a" "b" is X == a || X == b); nil equals only nil.
/// One deliberate extension: an int compares with a float by value, where Go reports
/// "incompatible types". JSON does not say whether 2 was meant as an int or a float.
/// </summary>
internal static class Comparisons
{
    private enum Kind { Invalid, Bool, Int, Uint, Float, String }

    public static bool Equal(object? first, ReadOnlySpan<object?> others)
    {
        if (others.Length == 0) throw new FunctionException("missing argument for comparison");
        var k1 = KindOf(first);
        foreach (var other in others)
        {
            var k2 = KindOf(other);
            bool truth;
            if (k1 != k2)
            {
                if (TryCompareMixedNumbers(first, other, out int order)) truth = order == 0;
                else if (first != null && other != null)
                    throw new FunctionException($"incompatible types for comparison: {GoValue.TypeName(first)} and {GoValue.TypeName(other)}");
                else truth = false;
            }
            else
            {
                truth = k1 switch
                {
                    Kind.Bool => (bool)first! == (bool)other!,
                    Kind.Int => (long)first! == (long)other!,
                    Kind.Uint => (ulong)first! == (ulong)other!,
                    Kind.Float => (double)first! == (double)other!,
                    Kind.String => string.Equals((string)first!, (string)other!, StringComparison.Ordinal),
                    _ => EqualNonBasic(first, other),
                };
            }
            if (truth) return true;
        }
        return false;
    }

    public static bool Less(object? a, object? b)
    {
        var k1 = KindOf(a);
        var k2 = KindOf(b);
        if (k1 == Kind.Invalid || k2 == Kind.Invalid) throw new FunctionException("invalid type for comparison");
        if (k1 != k2)
        {
            if (TryCompareMixedNumbers(a, b, out int order)) return order < 0;
            throw new FunctionException($"incompatible types for comparison: {GoValue.TypeName(a)} and {GoValue.TypeName(b)}");
        }
        return k1 switch
        {
            Kind.Int => (long)a! < (long)b!,
            Kind.Uint => (ulong)a! < (ulong)b!,
            Kind.Float => (double)a! < (double)b!,
            Kind.String => string.CompareOrdinal((string)a!, (string)b!) < 0,
            _ => throw new FunctionException("invalid type for comparison"), // bools have no order
        };
    }

    public static bool LessOrEqual(object? a, object? b) => Less(a, b) || Equal(a, [b]);

    private static Kind KindOf(object? value) => value switch
    {
        bool => Kind.Bool,
        long => Kind.Int,
        ulong => Kind.Uint,
        double => Kind.Float,
        string => Kind.String,
        _ => Kind.Invalid,
    };

    /// <summary>int against uint (as Go allows) and int or uint against float (berth's extension).</summary>
    private static bool TryCompareMixedNumbers(object? a, object? b, out int order)
    {
        switch (a, b)
        {
            case (long x, ulong y):
                order = x < 0 ? -1 : ((ulong)x).CompareTo(y);
                return true;
            case (ulong x, long y):
                order = y < 0 ? 1 : x.CompareTo((ulong)y);
                return true;
            case (long x, double y):
                order = ((double)x).CompareTo(y);
                return true;
            case (double x, long y):
                order = x.CompareTo((double)y);
                return true;
            case (ulong x, double y):
                order = ((double)x).CompareTo(y);
                return true;
            case (double x, ulong y):
                order = x.CompareTo((double)y);
                return true;
            default:
                order = 0;
                return false;
        }
    }

    /// <summary>nil, slices and maps: nil equals nil; slices and maps cannot be compared at all.</summary>
    private static bool EqualNonBasic(object? a, object? b)
    {
        if (a == null || b == null) return a == null && b == null;
        if (a.GetType() != b.GetType())
        {
            throw new FunctionException(
                $"non-comparable types {GoPrinter.FormatValue(a)}: {GoValue.TypeName(a)}, {GoValue.TypeName(b)}: {GoPrinter.FormatValue(b)}");
        }
        throw new FunctionException($"non-comparable type {GoPrinter.FormatValue(b)}: {GoValue.TypeName(b)}");
    }
}
