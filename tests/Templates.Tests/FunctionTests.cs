using static Berth.Templates.Tests.Render;

namespace Berth.Templates.Tests;

public class FunctionTests
{
    private const string Data = """{"L":["a","b","c"],"M":{"k":{"n":[10,20]}},"S":"héllo","E":[],"N":null,"Z":0}""";

    [Theory]
    [InlineData("{{and 1 2}}", "2")]
    [InlineData("{{and 1 0 2}}", "0")]
    [InlineData("{{and \"\" 1}}", "")]
    [InlineData("{{or 0 \"\" \"x\"}}", "x")]
    [InlineData("{{or 0 \"\"}}", "")]
    [InlineData("{{or 1 2}}", "1")]
    [InlineData("{{not 0}}", "true")]
    [InlineData("{{not \"x\"}}", "false")]
    [InlineData("{{1 | and 2}}", "1")]
    [InlineData("{{0 | or 2}}", "2")]
    public void Logic(string template, string expected) => Assert.Equal(expected, Run(template));

    [Fact]
    public void AndOrShortCircuit()
    {
        // The second operand would fail: the map has no such key.
        Assert.Equal("true", Run("{{or true .Missing}}"));
        Assert.Equal("false", Run("{{and false .Missing}}"));
    }

    [Theory]
    [InlineData("{{len .L}}", "3")]
    [InlineData("{{len .E}}", "0")]
    [InlineData("{{len .M}}", "1")]
    [InlineData("{{len .S}}", "6")] // bytes, as in Go
    public void Len(string template, string expected) => Assert.Equal(expected, Run(template, Data));

    [Theory]
    [InlineData("{{index .L 1}}", "b")]
    [InlineData("{{index .M \"k\" \"n\" 1}}", "20")]
    [InlineData("{{index .L 0 | printf \"%q\"}}", "\"a\"")]
    [InlineData("{{index \"abc\" 1}}", "98")]
    [InlineData("{{index .L}}", "[a b c]")]
    public void Index(string template, string expected) => Assert.Equal(expected, Run(template, Data));

    [Fact]
    public void IndexOfAMissingLabelIsEmpty()
    {
        const string labels = """{"Labels":{"com.example.a":"1"},"Empty":{}}""";
        Assert.Equal("[]", Run("[{{index .Labels \"com.example.missing\"}}]", labels));
        Assert.Equal("[]", Run("[{{index .Empty \"x\"}}]", labels));
        Assert.Equal("1", Run("{{index .Labels \"com.example.a\"}}", labels));
    }

    [Theory]
    [InlineData("{{slice .L 1}}", "[b c]")]
    [InlineData("{{slice .L 1 2}}", "[b]")]
    [InlineData("{{slice .L}}", "[a b c]")]
    [InlineData("{{slice .L 0 2 3}}", "[a b]")]
    [InlineData("{{slice \"hello\" 1 3}}", "el")]
    [InlineData("{{slice \"hello\" 3}}", "lo")]
    [InlineData("{{index (slice .L 1) 0}}", "b")]
    public void Slice(string template, string expected) => Assert.Equal(expected, Run(template, Data));

    [Theory]
    [InlineData("{{eq 1 1}}", "true")]
    [InlineData("{{eq 1 2}}", "false")]
    [InlineData("{{eq \"a\" \"a\"}}", "true")]
    [InlineData("{{eq .S \"x\" \"y\" \"héllo\"}}", "true")]
    [InlineData("{{eq .S \"x\" \"y\"}}", "false")]
    [InlineData("{{eq true true}}", "true")]
    [InlineData("{{eq .N .N}}", "true")]
    [InlineData("{{eq .N 1}}", "false")]
    [InlineData("{{eq 1.5 1.5}}", "true")]
    [InlineData("{{eq 2 2.0}}", "true")]
    [InlineData("{{ne 1 2}}", "true")]
    [InlineData("{{ne \"a\" \"a\"}}", "false")]
    [InlineData("{{lt 1 2}}", "true")]
    [InlineData("{{lt 2 1}}", "false")]
    [InlineData("{{lt \"a\" \"b\"}}", "true")]
    [InlineData("{{lt 1.5 2.5}}", "true")]
    [InlineData("{{lt 1 1.5}}", "true")]
    [InlineData("{{le 2 2}}", "true")]
    [InlineData("{{le 3 2}}", "false")]
    [InlineData("{{gt 3 2}}", "true")]
    [InlineData("{{gt 2 2}}", "false")]
    [InlineData("{{ge 2 2}}", "true")]
    [InlineData("{{ge 1 2}}", "false")]
    [InlineData("{{lt -1 .Big}}", "true")]
    [InlineData("{{lt .Big 1}}", "false")]
    public void Comparisons(string template, string expected) =>
        Assert.Equal(expected, Run(template, Data[..^1] + ",\"Big\":18446744073709551615}"));

    [Fact]
    public void EqComparesSignedAndUnsigned() =>
        Assert.Equal("false true", Run("{{eq .Big -1}} {{gt .Big 5}}", """{"Big":18446744073709551615}"""));

    [Theory]
    [InlineData("{{print \"a\" \"b\"}}", "ab")]
    [InlineData("{{print 1 2}}", "1 2")]
    [InlineData("{{print 1 2 \"a\" 3}}", "1 2a3")]
    [InlineData("{{print .L}}", "[a b c]")]
    [InlineData("{{print}}", "")]
    [InlineData("{{print nil}}", "<nil>")]
    [InlineData("{{println 1 \"a\"}}", "1 a\n")]
    [InlineData("{{println}}", "\n")]
    public void Print(string template, string expected) => Assert.Equal(expected, Run(template, Data));

    [Fact]
    public void Html() =>
        Assert.Equal("&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;", Run("{{html \"<a href='x'>&\\\"</a>\"}}"));

    [Fact]
    public void HtmlOfSeveralArguments() => Assert.Equal("1 2&lt;", Run("{{html 1 2 \"<\"}}"));

    [Fact]
    public void EscapersShowNilAsNoValue() => Assert.Equal("&lt;no value&gt;", Run("{{html nil}}"));

    [Fact]
    public void Js() => Assert.Equal("a\\'b\\\"c\\u003Cd\\u003E\\u0026\\u003D\\\\\\u000A é", Run("{{js \"a'b\\\"c<d>&=\\\\\\n é\"}}"));

    [Fact]
    public void UrlQuery() => Assert.Equal("a+b%26c%3Dd%2F%C3%A9~-_.", Run("{{urlquery \"a b&c=d/é~-_.\"}}"));
}
