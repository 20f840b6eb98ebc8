using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Templates.Values;

namespace Berth.Templates.Formatting;

/// <summary>
/// Go's fmt printing (Sprint, Sprintln, Sprintf) over template values. An action prints its value
/// as fmt.Print would: strings raw, integers in decimal, slices as [a b c], maps as map[k:v] with
/// sorted keys, nil as &lt;nil&gt;. Verbs applied to the wrong type print Go's %!verb(type=value).
/// </summary>
internal sealed partial class GoPrinter
{
    private readonly StringBuilder _buf = new();
    private FormatFlags _f;

    /// <summary>The text fmt.Print writes for one value: what an action like {{.Config.Env}} outputs.</summary>
    public static string FormatValue(object? value)
    {
        switch (value)
        {
            case string s: return s;
            case long l: return l.ToString(CultureInfo.InvariantCulture);
            case bool b: return b ? "true" : "false";
            case null: return "<nil>";
        }
        var printer = new GoPrinter();
        printer.PrintArg(value, 'v', 0);
        return printer._buf.ToString();
    }

    /// <summary>fmt.Sprint: a space between operands when neither is a string.</summary>
    public static string Sprint(ReadOnlySpan<object?> args)
    {
        if (args.Length == 1 && args[0] is string only) return only;
        var printer = new GoPrinter();
        bool previousWasString = false;
        for (int i = 0; i < args.Length; i++)
        {
            bool isString = args[i] is string;
            if (i > 0 && !isString && !previousWasString) printer._buf.Append(' ');
            printer.PrintArg(args[i], 'v', 0);
            previousWasString = isString;
        }
        return printer._buf.ToString();
    }

    /// <summary>fmt.Sprintln: operands always separated by spaces, then a newline.</summary>
    public static string Sprintln(ReadOnlySpan<object?> args)
    {
        var printer = new GoPrinter();
        for (int i = 0; i < args.Length; i++)
        {
            if (i > 0) printer._buf.Append(' ');
            printer.PrintArg(args[i], 'v', 0);
        }
        printer._buf.Append('\n');
        return printer._buf.ToString();
    }

    public static string Sprintf(string format, ReadOnlySpan<object?> args)
    {
        var printer = new GoPrinter();
        printer.DoPrintf(format, args);
        return printer._buf.ToString();
    }

    private void PrintArg(object? arg, int verb, int depth)
    {
        if (arg == null)
        {
            if (depth > 0)
            {
                // A nil element of a slice or map prints the same whatever the verb.
                if (_f.SharpV) _buf.Append("interface {}(nil)");
                else Pad("<nil>");
            }
            else if (verb is 'v' or 'T') Pad("<nil>");
            else BadVerb(verb, null);
            return;
        }
        if (verb == 'T')
        {
            Pad(GoValue.TypeName(arg));
            return;
        }
        switch (arg)
        {
            case bool b: FormatBool(b, verb); break;
            case long l: FormatInteger(unchecked((ulong)l), signed: true, verb); break;
            case ulong u: FormatInteger(u, signed: false, verb); break;
            case double d: FormatFloat(d, verb); break;
            case string s: FormatString(s, verb); break;
            case GoList list: PrintList(list, verb, depth); break;
            case JsonObject obj: PrintMap(obj, verb, depth); break;
            default: Pad(arg.ToString() ?? ""); break;
        }
    }

    private void PrintList(GoList list, int verb, int depth)
    {
        if (_f.SharpV)
        {
            _buf.Append(list.TypeName).Append('{');
            for (int i = 0; i < list.Count; i++)
            {
                if (i > 0) _buf.Append(", ");
                PrintArg(list[i], verb, depth + 1);
            }
            _buf.Append('}');
            return;
        }
        _buf.Append('[');
        for (int i = 0; i < list.Count; i++)
        {
            if (i > 0) _buf.Append(' ');
            PrintArg(list[i], verb, depth + 1);
        }
        _buf.Append(']');
    }

    private void PrintMap(JsonObject obj, int verb, int depth)
    {
        var entries = GoValue.SortedEntries(obj);
        _buf.Append(_f.SharpV ? "map[string]interface {}{" : "map[");
        for (int i = 0; i < entries.Length; i++)
        {
            if (i > 0) _buf.Append(_f.SharpV ? ", " : " ");
            PrintArg(entries[i].Key, verb, depth + 1);
            _buf.Append(':');
            PrintArg(GoValue.FromNode(entries[i].Value), verb, depth + 1);
        }
        _buf.Append(_f.SharpV ? '}' : ']');
    }

    /// <summary>%!verb(type=value): Go's report of a verb that does not fit its operand.</summary>
    private void BadVerb(int verb, object? arg)
    {
        _buf.Append("%!");
        GoUnicode.AppendRune(_buf, verb);
        _buf.Append('(');
        if (arg != null)
        {
            _buf.Append(GoValue.TypeName(arg)).Append('=');
            PrintArg(arg, 'v', 0);
        }
        else
        {
            _buf.Append("<nil>");
        }
        _buf.Append(')');
    }

    /// <summary>Writes <paramref name="s"/> padded to the width, counted in code points.</summary>
    private void Pad(string s)
    {
        if (!_f.HasWidth || _f.Width == 0)
        {
            _buf.Append(s);
            return;
        }
        int padding = _f.Width - GoUnicode.RuneCount(s);
        if (_f.Minus)
        {
            _buf.Append(s);
            WritePadding(padding);
        }
        else
        {
            WritePadding(padding);
            _buf.Append(s);
        }
    }

    private void WritePadding(int count)
    {
        if (count <= 0) return;
        _buf.Append(_f.Zero && !_f.Minus ? '0' : ' ', count);
    }
}
