using static Berth.Templates.Tests.Render;

namespace Berth.Templates.Tests;

public class DockerFunctionTests
{
    [Fact]
    public void JsonIsCompactAndKeepsKeyOrder() =>
        Assert.Equal("""{"b":[1,"x",null,true],"a":{"c":1.5}}""", Run("{{json .}}", """{ "b": [1, "x", null, true], "a": {"c": 1.50} }"""));

    [Fact]
    public void JsonDoesNotEscapeHtml() => Assert.Equal("\"<a&b>\"", Run("{{json .S}}", """{"S":"<a&b>"}"""));

    [Fact]
    public void JsonUsesGoStringEscapes() =>
        Assert.Equal("\"a\\nb\\t\\u0001\\b\\f\\\"\\\\\\u2028é\"", Run("{{json .S}}", """{"S":"a\nb\t\u0001\b\f\"\\\u2028é"}"""));

    [Theory]
    [InlineData("12345678901234567890", "12345678901234567890")]
    [InlineData("-5", "-5")]
    [InlineData("1.0", "1")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData("1e21", "1e+21")]
    [InlineData("123456789.5", "123456789.5")]
    public void JsonNumbersFollowGo(string number, string expected) =>
        Assert.Equal(expected, Run("{{json .N}}", $$"""{"N":{{number}}}"""));

    [Fact]
    public void JsonOfAListAndOfNull()
    {
        Assert.Equal("""["PATH=/bin","A=b"]""", Run("{{json .Env}}", """{"Env":["PATH=/bin","A=b"]}"""));
        Assert.Equal("null", Run("{{json .Cmd}}", """{"Cmd":null}"""));
        Assert.Equal("[]", Run("{{json .E}}", """{"E":[]}"""));
    }

    [Fact]
    public void Join() => Assert.Equal("sh -c echo hi", Run("{{join .Cmd \" \"}}", """{"Cmd":["sh","-c","echo hi"]}"""));

    [Fact]
    public void JoinOfNothing() => Assert.Equal("[]", Run("[{{join .Cmd \",\"}}]", """{"Cmd":null}"""));

    [Fact]
    public void Split()
    {
        Assert.Equal("[a b c]", Run("{{split \"a,b,c\" \",\"}}"));
        Assert.Equal("b", Run("{{index (split \"a:b\" \":\") 1}}"));
        Assert.Equal("[h é]", Run("{{split \"hé\" \"\"}}"));
        Assert.Equal("1", Run("{{len (split \"\" \",\")}}"));
        Assert.Equal("[]string", Run("{{printf \"%T\" (split \"a\" \",\")}}"));
    }

    [Fact]
    public void Title()
    {
        Assert.Equal("Hello World-Foo_bar", Run("{{title \"hello world-foo_bar\"}}"));
        Assert.Equal("Élan", Run("{{title \"élan\"}}"));
    }

    [Fact]
    public void LowerAndUpper() => Assert.Equal("abc ABC", Run("{{lower \"AbC\"}} {{upper \"aBc\"}}"));

    [Fact]
    public void Pad()
    {
        Assert.Equal("[  x   ]", Run("[{{pad \"x\" 2 3}}]"));
        Assert.Equal("[]", Run("[{{pad \"\" 2 3}}]"));
    }

    [Fact]
    public void Truncate()
    {
        Assert.Equal("4f66ad9a0b2e", Run("{{truncate .Id 12}}", """{"Id":"4f66ad9a0b2e4b1c8a3e0f1d2c3b4a5f"}"""));
        Assert.Equal("ab", Run("{{truncate \"ab\" 3}}"));
        Assert.Equal("hé", Run("{{truncate \"héllo\" 2}}"));
    }
}
