using static Berth.Templates.Tests.Render;

namespace Berth.Templates.Tests;

/// <summary>printf follows Go's fmt verbs, flags and error notation.</summary>
public class PrintfTests
{
    [Theory]
    [InlineData("%s|%v", "\"ab\" \"cd\"", "ab|cd")]
    [InlineData("%5s|%-5s|", "\"ab\" \"cd\"", "   ab|cd   |")]
    [InlineData("%-10s|", "\"nginx\"", "nginx     |")]
    [InlineData("%.2s", "\"hello\"", "he")]
    [InlineData("%.1s", "\"héllo\"", "h")]
    [InlineData("%5.1s|", "\"xyz\"", "    x|")]
    [InlineData("%q", "\"a\\\"b\\n\"", "\"a\\\"b\\n\"")]
    [InlineData("%q", "\"é\"", "\"é\"")]
    [InlineData("%+q", "\"é\"", "\"\\u00e9\"")]
    [InlineData("%#q", "\"a\\\"b\"", "`a\"b`")]
    [InlineData("%x", "\"hi\"", "6869")]
    [InlineData("%X", "\"hi\"", "6869")]
    [InlineData("% x", "\"hi\"", "68 69")]
    [InlineData("%#x", "\"hi\"", "0x6869")]
    [InlineData("%x", "\"é\"", "c3a9")]
    [InlineData("%d", "42", "42")]
    [InlineData("%5d|%-5d|", "42 42", "   42|42   |")]
    [InlineData("%05d", "-42", "-0042")]
    [InlineData("%+d % d", "5 5", "+5  5")]
    [InlineData("%.3d", "7", "007")]
    [InlineData("%x %X %o %O %b", "255 255 8 8 5", "ff FF 10 0o10 101")]
    [InlineData("%#x %#o %#b", "255 8 5", "0xff 010 0b101")]
    [InlineData("%x", "-255", "-ff")]
    [InlineData("%08.3d|", "42", "     042|")]
    [InlineData("%c%c", "72 105", "Hi")]
    [InlineData("%q", "65", "'A'")]
    [InlineData("%U", "65", "U+0041")]
    [InlineData("%#U", "233", "U+00E9 'é'")]
    [InlineData("%t %v", "true false", "true false")]
    [InlineData("%f", "3.14159", "3.141590")]
    [InlineData("%.2f", "3.14159", "3.14")]
    [InlineData("%8.3f|", "3.14159", "   3.142|")]
    [InlineData("%-8.2f|", "3.14159", "3.14    |")]
    [InlineData("%08.3f", "-3.14159", "-003.142")]
    [InlineData("%+.1f", "2.0", "+2.0")]
    [InlineData("%.0f %.0f %.0f", "0.5 1.5 2.5", "0 2 2")] // half to even, on the exact value
    [InlineData("%.2f", "0.125", "0.12")]
    [InlineData("%.1f", "0.05", "0.1")] // 0.05 is really 0.05000000000000000277
    [InlineData("%e", "1234.5678", "1.234568e+03")]
    [InlineData("%E", "1234.5678", "1.234568E+03")]
    [InlineData("%.2e", "0.000123", "1.23e-04")]
    [InlineData("%g", "1234.5678", "1234.5678")]
    [InlineData("%.3g", "1234.5678", "1.23e+03")]
    [InlineData("%.3g", "0.0001234", "0.000123")]
    [InlineData("%g", "0.00001", "1e-05")]
    [InlineData("%G", "1e-10", "1E-10")]
    [InlineData("%.2g", "100.0", "1e+02")]
    [InlineData("%v", "1e6", "1e+06")]
    [InlineData("%v", "123456.0", "123456")]
    [InlineData("%6.2v|", "3.14159", "   3.1|")]
    [InlineData("%f", "1e20", "100000000000000000000.000000")]
    [InlineData("%.3f", "2", "%!f(int=002)")] // the flags apply to the value shown
    [InlineData("%%", "", "%")]
    [InlineData("100%%", "", "100%")]
    [InlineData("%*d|", "5 42", "   42|")]
    [InlineData("%-*d|", "4 7", "7   |")]
    [InlineData("%.*f", "2 3.14159", "3.14")]
    [InlineData("%[2]s %[1]s", "\"a\" \"b\"", "b a")]
    [InlineData("%[1]s %[1]q", "\"a\"", "a \"a\"")]
    [InlineData("%T %T %T", "1 \"s\" 1.5", "int string float64")]
    public void Verbs(string format, string args, string expected) =>
        Assert.Equal(expected, Run($"{{{{printf \"{format.Replace("\"", "\\\"", StringComparison.Ordinal)}\" {args}}}}}"));

    [Theory]
    [InlineData("{{printf \"%d\" \"x\"}}", "%!d(string=x)")]
    [InlineData("{{printf \"%s\" 5}}", "%!s(int=5)")]
    [InlineData("{{printf \"%5d\" \"x\"}}", "%!d(string=    x)")]
    [InlineData("{{printf \"%d\"}}", "%!d(MISSING)")]
    [InlineData("{{printf \"%d %d\" 1}}", "1 %!d(MISSING)")]
    [InlineData("{{printf \"%d\" 1 2}}", "1%!(EXTRA int=2)")]
    [InlineData("{{printf \"x\" 1 \"a\"}}", "x%!(EXTRA int=1, string=a)")]
    [InlineData("{{printf \"%z\" 1}}", "%!z(int=1)")]
    [InlineData("{{printf \"%\"}}", "%!(NOVERB)")]
    [InlineData("{{printf \"%[3]d\" 1}}", "%!d(BADINDEX)")]
    [InlineData("{{printf \"%*d\" \"x\" 1}}", "%!(BADWIDTH)1")]
    [InlineData("{{printf \"%s\" nil}}", "%!s(<nil>)")]
    [InlineData("{{printf \"%v\" nil}}", "<nil>")]
    [InlineData("{{printf \"%t\" 1}}", "%!t(int=1)")]
    public void MismatchesPrintGoNotation(string template, string expected) => Assert.Equal(expected, Run(template));

    [Theory]
    [InlineData("%v", "[a 1 <nil>]")]
    [InlineData("%s", "[a %!s(int=1) <nil>]")]
    [InlineData("%q", "[\"a\" '\\x01' <nil>]")]
    [InlineData("%d", "[%!d(string=a) 1 <nil>]")]
    [InlineData("%3v", "[  a   1 <nil>]")]
    [InlineData("%#v", "[]interface {}{\"a\", 1, interface {}(nil)}")]
    public void VerbsApplyToEachElement(string format, string expected) =>
        Assert.Equal(expected, Run($"{{{{printf \"{format}\" .L}}}}", """{"L":["a",1,null]}"""));

    [Fact]
    public void MapsWithVerbs()
    {
        const string data = """{"M":{"b":2,"a":"x"}}""";
        Assert.Equal("map[a:x b:2]", Run("{{printf \"%v\" .M}}", data));
        Assert.Equal("map[\"a\":\"x\" \"b\":'\\x02']", Run("{{printf \"%q\" .M}}", data));
        Assert.Equal("map[string]interface {}{\"a\":\"x\", \"b\":2}", Run("{{printf \"%#v\" .M}}", data));
    }

    [Fact]
    public void GoSyntaxOfScalars() =>
        Assert.Equal("\"a\" 1 1.5 true 0xffffffffffffffff", Run("{{printf \"%#v %#v %#v %#v %#v\" \"a\" 1 1.5 true .U}}", """{"U":18446744073709551615}"""));

    [Fact]
    public void WidthCountsCharactersNotBytes() => Assert.Equal("  héllo|", Run("{{printf \"%7s|\" \"héllo\"}}"));
}
